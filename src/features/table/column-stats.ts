import { asText, type Column } from '../../frame/column.ts';

/**
 * What a filter editor shows about a column: the range of a number column, the categories
 * (with counts) of a text column, over the whole dataset. One pass over the column (~1M rows
 * → a few ms), done when the editor opens.
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

export interface Category {
  readonly value: string;
  readonly count: number;
}

/**
 * The distinct texts of a column with their row counts, most frequent first (ties by text),
 * and the count of missing cells; null when there are more than `limit` distinct values.
 *
 * @example
 * categories(fromDecoded(['GE', 'Siemens', 'GE', undefined]), 10)
 * // { values: [{ value: 'GE', count: 2 }, { value: 'Siemens', count: 1 }], missing: 1 }
 */
export function categories(
  column: Column,
  limit: number,
): { values: Category[]; missing: number } | null {
  const text = asText(column);
  if (text.dict.length > limit) return null;
  const counts = new Uint32Array(text.dict.length + 1);
  for (const code of text.codes) counts[code]!++;
  const values = text.dict
    .map((value, i) => ({ value, count: counts[i + 1]! }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { values, missing: counts[0]! };
}
