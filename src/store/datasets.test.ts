import { describe, expect, it } from 'vitest';
import { deleteBatch } from './datasets.ts';

describe('deleteBatch', () => {
  it('keeps one Delete transaction far under the 1 MB that sends Chromium to an undo log, for any query', () => {
    for (const length of [40, 130, 260, 1_000, 2_000, 10_000]) {
      const batch = deleteBatch('k'.repeat(length));
      // A record key: the dataset key in UTF-16, a column name and a chunk number.
      const bytes = batch * (2 * length + 64);
      if (batch > 50) expect(bytes, `key of ${length}`).toBeLessThanOrEqual(400_000);
      expect(batch).toBeGreaterThanOrEqual(50);
      expect(batch).toBeLessThanOrEqual(1000);
    }
    expect(deleteBatch('k'.repeat(130))).toBe(1000);
    expect(deleteBatch('k'.repeat(2000))).toBeLessThan(100);
  });
});
