import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_HEIGHT,
  rowBase,
  rowWindow,
  type ScrollState,
  scrolledHeight,
  scrollScale,
  scrollTopToShow,
} from './grid-scroll.ts';

/** The rows in view at real scroll offset `real` (rows start after `margin`), no overscan. */
function visibleRows(
  real: number,
  scale: number,
  viewport: number,
  margin: number,
  rowHeight: number,
  count = Number.MAX_SAFE_INTEGER,
) {
  const { start, end } = rowWindow(real * scale, viewport, count, {
    rowHeight,
    margin,
    overscan: 0,
  });
  return [start, end];
}

describe('scrollScale', () => {
  it('is 1 while the rows fit under the cap', () => {
    expect(scrollScale(MAX_SCROLL_HEIGHT, 600, 36)).toBe(1);
    expect(scrollScale(28 * 1000, 600, 36)).toBe(1);
  });

  it.each([
    [1_000_000, 600],
    [2_000_000, 900],
    [5_000_000, 300],
  ])('%i rows of 28 px: the scroll range runs from the first row to the last', (rows, viewport) => {
    const margin = 36;
    const rowsHeight = rows * 28;
    const height = scrolledHeight(rowsHeight);
    expect(height).toBe(MAX_SCROLL_HEIGHT);
    const scale = scrollScale(rowsHeight, viewport, margin);
    expect(scale).toBeGreaterThan(1);
    const maxReal = margin + height - viewport; // the scroll box's own scrollTop at the bottom
    expect(visibleRows(0, scale, viewport, margin, 28)[0]).toBe(0);
    expect(visibleRows(maxReal, scale, viewport, margin, 28, rows)[1]).toBe(rows - 1);
    // Half way down the bar is half way down the rows.
    const [middle] = visibleRows(maxReal / 2, scale, viewport, margin, 28);
    expect(Math.abs(middle! - rows / 2)).toBeLessThan(viewport / 28);
  });
});

describe('scrollTopToShow', () => {
  const plain: ScrollState = {
    scrollTop: 0,
    viewport: 600,
    scrollHeight: 36 + 1000 * 28,
    scale: 1,
    header: 36,
    rowHeight: 28,
  };

  it.each([
    ['a row on screen stays put', 5, 0, null],
    ['a row below comes up to the bottom edge', 100, 0, 36 + 101 * 28 - 600],
    ['a row above comes down to just under the header', 10, 2000, 10 * 28],
    ['the last row: the end of the range', 999, 0, 36 + 1000 * 28 - 600],
  ])('unscaled: %s', (_name, row, scrollTop, expected) => {
    expect(scrollTopToShow(row, { ...plain, scrollTop })).toBe(expected);
  });

  it.each([0, 1, 499_999, 500_000, 999_998, 999_999])(
    'scaled (1M rows, capped height): row %i ends up fully on screen',
    (row) => {
      const rows = 1_000_000;
      const viewport = 628;
      const scale = scrollScale(rows * 28, viewport, 36);
      const state: ScrollState = {
        scrollTop: 123_456,
        viewport,
        scrollHeight: 36 + scrolledHeight(rows * 28),
        scale,
        header: 36,
        rowHeight: 28,
      };
      const scrollTop = scrollTopToShow(row, state) ?? state.scrollTop;
      const virtual = scrollTop * scale;
      const top = 36 + row * 28;
      expect(top).toBeGreaterThanOrEqual(virtual + 36 - 1e-6);
      expect(top + 28).toBeLessThanOrEqual(virtual + viewport + scale);
      expect(scrollTop).toBeLessThanOrEqual(state.scrollHeight - viewport);
    },
  );
});

describe('rowBase', () => {
  it('keeps every rendered row of a 1M-row window within 2^21 px of its base, moving it rarely', () => {
    const rowHeight = 28;
    const windowRows = 40;
    const bases = new Set<number>();
    let farthest = 0;
    for (let first = 0; first < 1_000_000; first += 17) {
      const base = rowBase(first * rowHeight);
      bases.add(base);
      expect(base).toBeLessThanOrEqual(first * rowHeight);
      farthest = Math.max(farthest, (first + windowRows) * rowHeight - base);
    }
    // Offsets this small are exact to 1/8 px in a float32; 28M px would be 2 px apart.
    expect(farthest).toBeLessThan(2 ** 21);
    expect(Math.fround(farthest + 0.5)).toBe(farthest + 0.5);
    // One step per ~37,000 rows: 27 bases for 28M px, so the rows re-render 26 times.
    expect(bases.size).toBe(Math.ceil((1_000_000 * rowHeight) / 2 ** 20));
  });

  it('is 0 at the top', () => {
    expect(rowBase(0)).toBe(0);
    expect(rowBase(1000)).toBe(0);
  });
});

describe('rowWindow', () => {
  const o = { rowHeight: 28, margin: 46, overscan: 0 };

  it('holds exactly the rows any part of which lies in the box', () => {
    for (const offset of [0, 1, 17, 45, 46, 47, 73, 74, 75, 1000, 2_000_001.5]) {
      for (const viewport of [0, 1, 28, 46, 47, 600, 601]) {
        const count = 100_000;
        const inView: number[] = [];
        for (let i = 0; i < count; i++) {
          const top = o.margin + i * o.rowHeight;
          if (top + o.rowHeight > offset && top < offset + viewport) inView.push(i);
        }
        const { start, end } = rowWindow(offset, viewport, count, o);
        if (inView.length === 0) expect(end - start).toBeLessThanOrEqual(0);
        else expect([start, end]).toEqual([inView[0], inView.at(-1)]);
      }
    }
  });

  it('adds the overscan past each edge, within the rows', () => {
    expect(rowWindow(0, 600, 1_000_000, { ...o, overscan: 2 })).toEqual({ start: 0, end: 21 });
    expect(rowWindow(46 + 28 * 500, 600, 1_000_000, { ...o, overscan: 2 })).toEqual({
      start: 498,
      end: 523,
    });
    expect(rowWindow(46 + 28 * 995, 600, 1000, { ...o, overscan: 2 })).toEqual({
      start: 993,
      end: 999,
    });
  });

  it('is empty without rows, and a short list shows all of its rows', () => {
    const { start, end } = rowWindow(0, 600, 0, o);
    expect(end).toBeLessThan(start);
    expect(rowWindow(0, 600, 3, o)).toEqual({ start: 0, end: 2 });
  });
});
