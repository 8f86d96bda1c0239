/**
 * Browsers cap an element's height: Firefox near 17.9M px, Chromium near 33.5M px. At 28 px a
 * row, a million rows (28M px) is past Firefox's cap, and 1.2M past Chromium's: the rows
 * beyond could not be scrolled to. Past `MAX_SCROLL_HEIGHT` the grid's scroll range is kept
 * at the cap and mapped linearly onto the rows' full height (the virtual offset): the top of
 * the scroll bar is the first row, its bottom the last, every row reachable; a pixel of
 * scrolling then moves a little more than a pixel of rows. No React, so it is unit-tested.
 */

/** Below every browser's cap (Firefox's ~17.9M px), with room to spare. */
export const MAX_SCROLL_HEIGHT = 15_000_000;

/**
 * Virtual pixels per scrolled pixel: 1 while the rows fit under the cap. `margin` is what sits
 * above the rows in the scroll box (the sticky header); the bottom of the real range maps to
 * the bottom of the virtual one exactly.
 *
 * @example
 * scrollScale(1_000_000, 600) // 1
 * scrollScale(28_000_000, 600) // ≈ 1.867: (28M − 600) / (15M − 600)
 */
export function scrollScale(
  rowsHeight: number,
  viewportHeight: number,
  margin = 0,
  cap = MAX_SCROLL_HEIGHT,
): number {
  if (rowsHeight <= cap) return 1;
  const viewport = Math.min(Math.max(0, viewportHeight), margin + cap - 1);
  return (margin + rowsHeight - viewport) / (margin + cap - viewport);
}

/** The height the scroll box really gets. @example scrolledHeight(28_000_000) // 15_000_000 */
export function scrolledHeight(totalHeight: number, cap = MAX_SCROLL_HEIGHT): number {
  return Math.min(totalHeight, cap);
}

export interface ScrollState {
  /** The scroll box's scrollTop, clientHeight and scrollHeight (real pixels). */
  scrollTop: number;
  viewport: number;
  scrollHeight: number;
  /** Virtual pixels per real one (scrollScale). */
  scale: number;
  /** Height above the rows that stays on screen (the sticky header). */
  header: number;
  rowHeight: number;
}

/**
 * The scrollTop that brings `row` fully into view below the sticky header, moving as little as
 * possible; null when it is in view already. Done here rather than by the virtualiser, whose
 * own scrolling clamps to the real (capped) height and so can't reach rows past the middle of
 * a scaled range.
 *
 * @example
 * scrollTopToShow(100, { scrollTop: 0, viewport: 600, scrollHeight: 30_000, scale: 1, header: 36, rowHeight: 28 }) // 2264
 */
export function scrollTopToShow(row: number, state: ScrollState): number | null {
  const { scrollTop, viewport, scale, header, rowHeight } = state;
  const virtual = scrollTop * scale;
  const top = header + row * rowHeight; // where the row starts, in virtual pixels
  let next: number;
  if (top < virtual + header) next = top - header;
  else if (top + rowHeight > virtual + viewport) next = top + rowHeight - viewport;
  else return null;
  const max = Math.max(0, state.scrollHeight - viewport);
  // Rounded up past the row's edge: a scrolled pixel is `scale` virtual ones.
  const real = next > virtual ? Math.ceil(next / scale) : Math.floor(next / scale);
  return Math.min(max, Math.max(0, real));
}

/**
 * Rows are placed relative to a base offset that changes only every `step` virtual pixels
 * (~37,000 rows at 28 px), so rows that stay in the window keep their place as it scrolls,
 * and their offsets stay small (a float32 holds 1M px to 1/16 px, 28M px only to 2 px).
 *
 * @example
 * rowBase(3_000_000) // 2_097_152
 */
export function rowBase(firstRowTop: number, step = 2 ** 20): number {
  return Math.max(0, Math.floor(firstRowTop / step) * step);
}

/** Rows `start`…`end` (both included; end < start when there are none). */
export interface RowWindow {
  start: number;
  end: number;
}

/**
 * The rows to render at virtual scroll offset `offset`: those any part of which lies in the
 * scroll box's `viewport` pixels (rows start after `margin`, the sticky header, which they
 * slide under), plus `overscan` rows past each edge. Rows have one height, so this is
 * arithmetic: no per-row list, which at 1M rows cost ~85 ms of each table open and of each
 * new view (a general virtualiser's measurements, one entry per row).
 *
 * @example
 * rowWindow(0, 600, 1_000_000, { rowHeight: 28, margin: 46, overscan: 2 }) // { start: 0, end: 21 }
 */
export function rowWindow(
  offset: number,
  viewport: number,
  count: number,
  { rowHeight, margin, overscan }: { rowHeight: number; margin: number; overscan: number },
): RowWindow {
  if (count <= 0) return { start: 0, end: -1 };
  const top = Math.max(0, offset - margin);
  const bottom = offset + Math.max(0, viewport) - margin;
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const last = Math.min(count - 1, Math.max(first, Math.ceil(bottom / rowHeight) - 1));
  return { start: Math.max(0, first - overscan), end: Math.min(count - 1, last + overscan) };
}
