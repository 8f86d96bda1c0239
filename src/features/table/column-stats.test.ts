import { describe, expect, it } from 'vitest';
import { fromDecoded } from '../../frame/column.ts';
import { numberRange } from './column-stats.ts';

describe('numberRange', () => {
  it('spans the present values and counts them', () => {
    expect(numberRange(fromDecoded([3, undefined, -1, 2.5]))).toEqual({
      min: -1,
      max: 3,
      present: 3,
    });
  });

  it('is null for a column without values or a text column', () => {
    expect(numberRange(fromDecoded([undefined, null]))).toBeNull();
    expect(numberRange(fromDecoded(['a']))).toBeNull();
  });
});
