import { formatNumber } from './cell-text.ts';
import type { BlockCells } from './csv-rows.ts';

/**
 * Parquet's typed columns from the export's cells. A column's type is decided over every row
 * exported (a first pass), because a Parquet file has one type per column for all its row
 * groups while the rows are written a window at a time.
 */

/** The Parquet types the export writes (hyparquet-writer's basic types). */
export type ParquetColumnType = 'DOUBLE' | 'INT64' | 'BOOLEAN' | 'STRING';

/** Cells seen so far in one column, by kind of value (missing cells count for nothing). */
export class ColumnTally {
  numbers = 0;
  /** Numbers that are not integers an int64 holds exactly (fractions, ±Infinity, -0, beyond 2^53). */
  fractions = 0;
  booleans = 0;
  strings = 0;
  /** Objects and arrays (written as JSON text). */
  others = 0;

  add(cells: BlockCells): void {
    if (cells instanceof Float64Array) {
      for (let i = 0; i < cells.length; i++) this.addNumber(cells[i] as number);
      return;
    }
    for (let i = 0; i < cells.length; i++) this.addValue(cells[i]);
  }

  addValue(value: unknown): void {
    switch (typeof value) {
      case 'number':
        this.addNumber(value);
        break;
      case 'boolean':
        this.booleans++;
        break;
      case 'string':
        this.strings++;
        break;
      case 'undefined':
        break;
      default:
        if (value !== null) this.others++;
    }
  }

  addNumber(value: number): void {
    // NaN is a number column's "missing" (the API's JSON has no NaN).
    if (Number.isNaN(value)) return;
    this.numbers++;
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) this.fractions++;
  }

  /**
   * The column's type: int64 when every value is an integer, float64 for other numbers,
   * boolean, string; a column mixing kinds (or holding objects) is text, each value written as
   * the CSV writes it. A column with no value at all is float64 when the dataset types it as
   * numbers, else string (both all null).
   *
   * @example
   * const t = new ColumnTally(); t.add(Float64Array.of(1, 2, Number.NaN)); t.type() // 'INT64'
   */
  type(numberColumn = false): ParquetColumnType {
    const kinds =
      (this.numbers > 0 ? 1 : 0) +
      (this.booleans > 0 ? 1 : 0) +
      (this.strings > 0 ? 1 : 0) +
      (this.others > 0 ? 1 : 0);
    if (kinds === 0) return numberColumn ? 'DOUBLE' : 'STRING';
    if (kinds > 1 || this.others > 0) return 'STRING';
    if (this.numbers > 0) return this.fractions > 0 ? 'DOUBLE' : 'INT64';
    return this.booleans > 0 ? 'BOOLEAN' : 'STRING';
  }
}

/**
 * A value as text in a string column: like the CSV's cell text, without the CSV's formula
 * guard (a leading `'` before `=`, `+`, `-`, `@`): Parquet is not opened by spreadsheets as
 * text, and the guard would change the data.
 *
 * @example
 * plainText(-0) // '-0'
 * plainText({ a: 1 }) // '{"a":1}'
 */
export function plainText(value: unknown): string | null {
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) ? null : formatNumber(value);
    case 'string':
      return value;
    case 'undefined':
      return null;
    case 'object':
      return value === null ? null : JSON.stringify(value);
    default:
      return String(value);
  }
}

/** Values as hyparquet-writer takes them for a column of `type`: null for missing. */
export type ParquetValues = (number | bigint | boolean | string | null)[];

/**
 * Rows `from..to` of a block's cells as the values of a column of `type` (which the first pass
 * chose from the same cells, so each value fits). Doubles without a gap are handed over as
 * they are: a JS array of numbers and nulls would box every number (garbage per cell).
 *
 * @example
 * parquetValues(Float64Array.of(3, Number.NaN), 'INT64', 0, 2) // [3n, null]
 * parquetValues(Float64Array.of(0.5, 2), 'DOUBLE', 0, 2) // Float64Array [0.5, 2]
 */
export function parquetValues(
  cells: BlockCells,
  type: ParquetColumnType,
  from: number,
  to: number,
): ParquetValues | Float64Array {
  if (type === 'DOUBLE' && cells instanceof Float64Array) {
    const range = cells.subarray(from, to);
    if (!range.some(Number.isNaN)) return range;
  }
  const out: ParquetValues = new Array(to - from);
  for (let i = from; i < to; i++) {
    const value = cells[i];
    let written: ParquetValues[number];
    if (value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value)))
      written = null;
    else if (type === 'STRING') written = plainText(value);
    else if (type === 'INT64') written = BigInt(value as number);
    else written = value as number | boolean;
    out[i - from] = written;
  }
  return out;
}
