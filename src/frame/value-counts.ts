import { asText, type Column } from './column.ts';

/** One distinct text of a column and how many of the counted rows hold it. */
export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

export interface ValueCounts {
  /** Every distinct text of the column (also those no counted row holds: count 0). */
  readonly values: ValueCount[];
  /** Counted rows without a value. */
  readonly missing: number;
  /** Rows counted. */
  readonly counted: number;
}

/**
 * The distinct texts of a column with how many of `rows` hold each, most frequent first (ties
 * by text), and how many of them have no value; null when there are more than `limit` distinct
 * values. `rows` is the current view (unique scans, duplicates, other filters applied), so a
 * ticked value keeps as many rows as it shows; without `rows`, every row counts. One pass over
 * `rows` with a typed-array tally (1M rows: a few ms).
 *
 * @example
 * countValues(fromDecoded(['GE', 'Siemens', 'GE', undefined]), 10, Uint32Array.of(0, 1, 3))
 * // { values: [{ value: 'GE', count: 1 }, { value: 'Siemens', count: 1 }], missing: 1, counted: 3 }
 */
export function countValues(column: Column, limit: number, rows?: Uint32Array): ValueCounts | null {
  const text = asText(column);
  if (text.dict.length > limit) return null;
  const counts = new Uint32Array(text.dict.length + 1);
  const { codes } = text;
  if (rows) for (let i = 0; i < rows.length; i++) counts[codes[rows[i]!]!]!++;
  else for (let i = 0; i < codes.length; i++) counts[codes[i]!]!++;
  const values = text.dict
    .map((value, i) => ({ value, count: counts[i + 1]! }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { values, missing: counts[0]!, counted: rows ? rows.length : codes.length };
}
