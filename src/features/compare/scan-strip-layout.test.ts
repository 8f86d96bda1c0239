import { describe, expect, it } from 'vitest';
import { stripLayout } from './scan-strip-layout.ts';

const histogram = {
  bins: [
    { x0: 0, x1: 1, count: 2 },
    { x0: 1, x1: 2, count: 4 },
  ],
  below: 0,
  above: 0,
};

describe("a scan's strip", () => {
  it('places bars, crowd lines and the value over the drawn range', () => {
    const layout = stripLayout(histogram, { low: 0.1, median: 1, high: 1.9 }, 1.5, 200, 40);
    expect(layout.bars).toEqual([
      { x: 0, width: 100, height: 20 },
      { x: 100, width: 100, height: 40 },
    ]);
    expect([layout.low, layout.median, layout.high, layout.value]).toEqual([10, 100, 190, 150]);
    expect([layout.lo, layout.hi]).toEqual([0, 2]);
  });

  it('keeps every line inside the drawing, and a missing value undrawn', () => {
    const layout = stripLayout(histogram, { low: -5, median: 1, high: 9 }, Number.NaN, 200, 40);
    expect([layout.low, layout.high]).toEqual([0, 200]);
    expect(layout.value).toBeNull();
    const oneSided = stripLayout(
      histogram,
      { low: Number.NEGATIVE_INFINITY, median: 1, high: 1.9 },
      1,
      200,
      40,
    );
    expect([oneSided.low, oneSided.high]).toEqual([null, 190]);
  });

  it('an empty crowd draws no bars and does not divide by zero', () => {
    const layout = stripLayout(
      { bins: [{ x0: 3, x1: 3, count: 0 }], below: 0, above: 0 },
      { low: Number.NaN, median: Number.NaN, high: Number.NaN },
      3,
      200,
      40,
    );
    expect(layout.bars).toEqual([{ x: 0, width: 0, height: 0 }]);
    expect(layout.median).toBeNull();
    expect(layout.value).toBe(0);
  });
});
