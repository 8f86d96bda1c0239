import { describe, expect, it } from 'vitest';
import { uncoveredRanges } from './segments.ts';

const seg = (chunk: number, lastChunk: number) => ({ chunk, lastChunk });

describe('uncoveredRanges', () => {
  it('is the whole range where no segment covers anything', () => {
    expect(uncoveredRanges([], 0, Infinity)).toEqual([{ from: 0, to: Infinity }]);
    expect(uncoveredRanges([], 5, 9)).toEqual([{ from: 5, to: 9 }]);
  });

  it('is the appended tail after compacted segments', () => {
    expect(uncoveredRanges([seg(0, 99), seg(100, 156)], 0, Infinity)).toEqual([
      { from: 157, to: Infinity },
    ]);
  });

  it('finds gaps between and before segments, in chunk order, whatever order they come in', () => {
    expect(uncoveredRanges([seg(10, 19), seg(3, 5)], 0, 30)).toEqual([
      { from: 0, to: 2 },
      { from: 6, to: 9 },
      { from: 20, to: 30 },
    ]);
  });

  it('is empty where segments cover all of the range, and clips to it', () => {
    expect(uncoveredRanges([seg(0, 99)], 10, 20)).toEqual([]);
    expect(uncoveredRanges([seg(0, 9), seg(10, 19)], 0, 19)).toEqual([]);
    expect(uncoveredRanges([seg(15, 40)], 10, 20)).toEqual([{ from: 10, to: 14 }]);
  });
});
