import { describe, expect, it } from 'vitest';
import { inDisplayOrder, reuseSlots, type Slot } from './row-slots.ts';

/** Slots from `[key, row]` pairs. */
function slots(...pairs: [number, number][]): Slot[] {
  return pairs.map(([key, row]) => ({ key, row }));
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

describe('reuseSlots', () => {
  it('gives a first window new slots in display order', () => {
    expect(reuseSlots([], 5, 7)).toEqual(slots([0, 5], [1, 6], [2, 7]));
  });

  it('keeps every row still in the window in its slot and hands the slots of the rows that left, in place, to the rows entering', () => {
    const top = slots([0, 5], [1, 6], [2, 7], [3, 8]);
    // Scrolled down two rows.
    expect(reuseSlots(top, 7, 10)).toEqual(slots([0, 9], [1, 10], [2, 7], [3, 8]));
    // Scrolled up two rows.
    expect(reuseSlots(top, 3, 6)).toEqual(slots([0, 5], [1, 6], [2, 3], [3, 4]));
  });

  it('shows each row of the window once with the same elements, through a long scroll both ways', () => {
    let now = reuseSlots([], 0, 29);
    const keys = now.map((slot) => slot.key).sort();
    for (const start of [4, 9, 13, 500, 497, 2, 0, 40, 41, 38]) {
      now = reuseSlots(now, start, start + 29);
      expect(now.map((slot) => slot.row).sort((a, b) => a - b)).toEqual(range(start, start + 29));
      expect(now.map((slot) => slot.key).sort()).toEqual(keys);
    }
  });

  it('adds slots with keys not in use for a window that grew, and drops the slots a smaller one leaves', () => {
    expect(reuseSlots(slots([4, 5], [0, 6], [2, 7]), 6, 10)).toEqual(
      slots([4, 8], [0, 6], [2, 7], [1, 9], [3, 10]),
    );
    expect(reuseSlots(slots([4, 8], [0, 6], [2, 7], [1, 9]), 7, 8)).toEqual(slots([4, 8], [2, 7]));
  });

  it('never hands the focused row’s slot to another row: the slot goes when the row leaves the window, its key with it', () => {
    const top = slots([0, 5], [1, 6], [2, 7], [3, 8]);
    // Row 5 is focused: while in the window it keeps its slot…
    expect(reuseSlots(top, 5, 8, 5)).toEqual(top);
    // …and once out, its slot goes; key 0 is not given to a new slot in the same render.
    expect(reuseSlots(top, 7, 10, 5)).toEqual(slots([1, 9], [2, 7], [3, 8], [4, 10]));
  });
});

describe('inDisplayOrder', () => {
  it('orders the slots by row, keeping each its key', () => {
    const scrolled = slots([0, 9], [1, 10], [2, 7], [3, 8]);
    expect(inDisplayOrder(scrolled)).toEqual(slots([2, 7], [3, 8], [0, 9], [1, 10]));
  });

  it('gives back the same slots when they are in order already', () => {
    const ordered = slots([2, 7], [3, 8], [0, 9]);
    expect(inDisplayOrder(ordered)).toBe(ordered);
  });
});
