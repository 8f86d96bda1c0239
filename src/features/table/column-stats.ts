import type { Column } from '../../frame/column.ts';

/**
 * What a filter editor shows about a number column: its range over the whole dataset. One pass
 * over the column (~1M rows → a few ms), done when the editor opens. The categories of a text
 * column are counted in the current view (frame/value-counts.ts).
 */

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly present: number;
}

/**
 * Smallest and largest present value (null when the column has none).
 *
 * @example
 * numberRange(fromDecoded([3, undefined, 1])) // { min: 1, max: 3, present: 2 }
 */
export function numberRange(column: Column): NumberRange | null {
  if (column.kind !== 'number') return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let present = 0;
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    present++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return present === 0 ? null : { min, max, present };
}
