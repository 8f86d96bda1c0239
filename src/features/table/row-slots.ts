/**
 * Which rendered row element (slot, by its React key) shows which row of the view, in the
 * order of the elements in the DOM. While the grid scrolls, a row that leaves the window hands
 * its slot to a row that enters it, in place: React rewrites that element's cells and moves
 * no element. Removing one row element and creating another, and styling the new elements,
 * were most of a scrolled frame's cost (CPU profile of scroll-1m). The DOM order of the rows
 * then differs from their order on screen, so at rest the grid puts the elements back
 * `inDisplayOrder`: screen readers, find-in-page and copied text follow DOM order. No React,
 * so it is unit-tested.
 */

export interface Slot {
  /** The row element's React key. */
  readonly key: number;
  /** The view row it shows. */
  readonly row: number;
}

/**
 * The slots for the window `start`…`end`, from the `previous` ones: a row still in the window
 * keeps its slot, a row entering takes, in place, a slot a row left (first first), or a new
 * one at the end when none is left; slots left over go. The slot of `release` (the focused row)
 * is never handed on, since a focused cell element must not go on to show another row's cell:
 * once its row is out of the window the slot goes (the focus with it), as it would without reuse.
 *
 * @example
 * // Scrolled down two rows: the top two rows' elements show the rows entering at the bottom.
 * reuseSlots([{ key: 0, row: 5 }, { key: 1, row: 6 }, { key: 2, row: 7 }], 6, 8)
 * // [{ key: 0, row: 8 }, { key: 1, row: 6 }, { key: 2, row: 7 }]
 */
export function reuseSlots(
  previous: readonly Slot[],
  start: number,
  end: number,
  release = -1,
): Slot[] {
  const next: Slot[] = [];
  const stays = new Set<number>();
  const free: number[] = [];
  // Keys a new slot must not take in this render: a key that moved would be the same element.
  const taken = new Set<number>();
  for (const slot of previous) {
    taken.add(slot.key);
    if (slot.row >= start && slot.row <= end && !stays.has(slot.row)) {
      stays.add(slot.row);
      next.push(slot);
    } else if (slot.row !== release) {
      free.push(next.length);
      next.push(slot);
    }
  }
  let reused = 0;
  let fresh = 0;
  for (let row = start; row <= end; row++) {
    if (stays.has(row)) continue;
    if (reused < free.length) {
      const at = free[reused++] as number;
      next[at] = { key: (next[at] as Slot).key, row };
    } else {
      while (taken.has(fresh)) fresh++;
      taken.add(fresh);
      next.push({ key: fresh, row });
    }
  }
  if (reused === free.length) return next;
  const leftOver = new Set(free.slice(reused));
  return next.filter((_, at) => !leftOver.has(at));
}

/** The same slots, ordered as their rows show on screen (the same array if they are). */
export function inDisplayOrder(slots: readonly Slot[]): readonly Slot[] {
  for (let at = 1; at < slots.length; at++) {
    if ((slots[at] as Slot).row < (slots[at - 1] as Slot).row) {
      return [...slots].sort((a, b) => a.row - b.row);
    }
  }
  return slots;
}
