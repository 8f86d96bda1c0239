import { describe, expect, it } from 'vitest';
import { shareOfUsage } from './dataset-size.ts';

describe('shareOfUsage', () => {
  it('shares storage use by records held', () => {
    expect(shareOfUsage(40_000_000, 3000, 4000)).toBe(30_000_000);
    expect(shareOfUsage(40_000_000, 0, 4000)).toBe(0);
    expect(shareOfUsage(0, 10, 10)).toBe(0);
    expect(shareOfUsage(1000, 0, 0)).toBe(0);
  });
});
