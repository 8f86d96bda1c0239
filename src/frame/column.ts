/**
 * In-memory columns of a frame: one typed array per column for the whole dataset, so sort,
 * filter and dedup work on index permutations and never build 1M row objects.
 *
 * Pure: the store decodes each chunk (`decodeColumn`) and hands the values in; nothing here
 * touches IndexedDB.
 */

import type { RowCodes, TextRows } from './text-rows.ts';

/** Every present value is a JSON number. NaN = missing. */
export interface NumberColumn {
  readonly kind: 'number';
  readonly values: Float64Array;
  /**
   * The values as stored, when narrower than doubles (see {@link NarrowNumbers}): a cell is read
   * here, and `values` is then widened from them only when something asks for it.
   */
  readonly narrow?: NarrowNumbers;
}

/**
 * Numbers stored in fewer bytes because each reads back exactly: small integers (`missing`, the
 * type's smallest value, marks a missing one) or doubles that are exact floats (NaN missing).
 */
export interface NarrowNumbers {
  readonly values: Int8Array | Int16Array | Int32Array | Float32Array;
  readonly missing: number;
}

/**
 * A text column's codes, one per row (0 = missing): as wide as its dictionary needs. A column
 * read from one compacted segment keeps the segment's own 8- or 16-bit codes (no copy).
 */
export type Codes = Uint8Array | Uint16Array | Uint32Array;

/**
 * Every present value is a string. Dictionary-coded like the store's `dict` encoding:
 * code 0 = missing, code k = `dict[k - 1]`; `dict` holds each distinct string once, in
 * first-seen order.
 */
export interface TextColumn {
  readonly kind: 'text';
  readonly codes: Codes;
  readonly dict: readonly string[];
  /**
   * Row values, when the column was built over them (see {@link lazyText}): a cell is read here
   * without coding the column.
   */
  readonly rows?: TextRows;
}

/**
 * A text column over row values whose coding (`codes`, `dict`) is done on first use. For
 * columns of mostly distinct strings (`_created`, md5sum: ~one per upload) the table only
 * shows a window of cells, so coding 1M values up front would be wasted work on every open;
 * sorting, filtering or grouping by the column pays for it once, when asked. `dict` is built
 * on its own first use: dedup needs the codes only.
 *
 * @example
 * const c = lazyText(stringRows(['a', undefined, 'a']));
 * cellValue(c, 2) // 'a' (nothing coded yet)
 * c.dict // ['a'] (coded now)
 */
export function lazyText(rows: TextRows): TextColumn {
  let coded: RowCodes | null = null;
  let dict: string[] | null = null;
  const code = () => {
    coded ??= rows.code();
    return coded;
  };
  return {
    kind: 'text',
    rows,
    get codes() {
      return code().codes;
    },
    get dict() {
      dict ??= Array.from(code().firstRows, (row) => rows.at(row) as string);
      return dict;
    },
  };
}

/**
 * A column whose values can't share one type (numbers mixed with strings, booleans, objects).
 * Sort and filter see it as text (`text`, each value as {@link toText} writes it); `values`
 * keeps the raw cells (missing = `undefined`) so an export can write them as served.
 */
export interface RawColumn {
  readonly kind: 'raw';
  readonly values: readonly unknown[];
  readonly text: TextColumn;
}

export type Column = NumberColumn | TextColumn | RawColumn;

type Inferred = Column['kind'];

/**
 * `undefined` and `null` both mean "the record has no value here" (pandas shows NaN for both).
 *
 * @example
 * isMissing(null) // true
 * isMissing('') // false: an empty string is a value
 */
export function isMissing(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/**
 * The text of a present value: strings exactly as served, objects and arrays as JSON (what the
 * export writes), anything else via `String` (numbers print shortest round-trip form).
 *
 * @example
 * toText('0.10') // '0.10' (never re-formatted)
 * toText([1, 2]) // '[1,2]'
 */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Float64Array chunks (the store's number encoding) are accepted as-is: NaN = missing. */
function cellAt(chunk: ArrayLike<unknown>, i: number): unknown {
  const value = chunk[i];
  return typeof value === 'number' && Number.isNaN(value) ? undefined : value;
}

function inferKind(chunks: readonly ArrayLike<unknown>[]): Inferred {
  let numbers = false;
  let strings = false;
  for (const chunk of chunks) {
    if (chunk instanceof Float64Array) {
      numbers ||= chunk.length > 0;
      continue;
    }
    for (let i = 0; i < chunk.length; i++) {
      const value = chunk[i];
      if (isMissing(value)) continue;
      if (typeof value === 'number') numbers = true;
      else if (typeof value === 'string') strings = true;
      else return 'raw';
    }
  }
  if (numbers && strings) return 'raw';
  return strings ? 'text' : 'number';
}

function totalLength(chunks: readonly ArrayLike<unknown>[]): number {
  let n = 0;
  for (const chunk of chunks) n += chunk.length;
  return n;
}

function buildNumbers(chunks: readonly ArrayLike<unknown>[], n: number): NumberColumn {
  const values = new Float64Array(n);
  let at = 0;
  for (const chunk of chunks) {
    if (chunk instanceof Float64Array) {
      values.set(chunk, at);
      at += chunk.length;
      continue;
    }
    for (let i = 0; i < chunk.length; i++) {
      const value = chunk[i];
      values[at++] = typeof value === 'number' ? value : Number.NaN;
    }
  }
  return { kind: 'number', values };
}

/** Dictionary-codes the text of every present cell; also collects raw cells when asked. */
function buildText(chunks: readonly ArrayLike<unknown>[], n: number, raw?: unknown[]): TextColumn {
  const codes = new Uint32Array(n);
  const dict: string[] = [];
  const index = new Map<string, number>();
  let at = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++, at++) {
      const value = cellAt(chunk, i);
      if (isMissing(value)) continue;
      if (raw) raw[at] = value;
      const text = toText(value);
      let code = index.get(text);
      if (code === undefined) {
        code = dict.push(text);
        index.set(text, code);
      }
      codes[at] = code;
    }
  }
  return { kind: 'text', codes, dict };
}

/**
 * One column from the decoded values of each chunk, in chunk order (the concatenation).
 * The type comes from all chunks together: any string among numbers makes the whole column
 * raw (typed as text, raw kept), so a late chunk can't leave early rows typed differently.
 *
 * @example
 * fromDecodedChunks([Float64Array.of(1, NaN), [2.5]]) // number: [1, NaN, 2.5]
 * fromDecodedChunks([[1], ['n/a']]) // raw: values [1, 'n/a'], text dict ['1', 'n/a']
 */
export function fromDecodedChunks(chunks: readonly ArrayLike<unknown>[]): Column {
  const n = totalLength(chunks);
  const kind = inferKind(chunks);
  if (kind === 'number') return buildNumbers(chunks, n);
  if (kind === 'text') return buildText(chunks, n);
  const values: unknown[] = new Array(n).fill(undefined);
  return { kind: 'raw', values, text: buildText(chunks, n, values) };
}

/**
 * One column from one array of decoded values (`undefined`/`null` = missing).
 *
 * @example
 * fromDecoded([1, undefined, 3]) // { kind: 'number', values: Float64Array [1, NaN, 3] }
 * fromDecoded(['GE', 'GE', undefined]) // { kind: 'text', codes: [1, 1, 0], dict: ['GE'] }
 */
export function fromDecoded(values: ArrayLike<unknown>): Column {
  return fromDecodedChunks([values]);
}

/** Number of rows. @example columnLength(fromDecoded([1, 2])) // 2 */
export function columnLength(column: Column): number {
  if (column.kind === 'number') return (column.narrow ?? column).values.length;
  const text = asText(column);
  return text.rows ? text.rows.length : text.codes.length;
}

/**
 * The column as text, for text filters and grouping. A number column is coded on the fly
 * (rare: a key column that happens to be numeric), so callers should cache the result.
 *
 * @example
 * asText(fromDecoded([2, 2, NaN])) // { kind: 'text', codes: [1, 1, 0], dict: ['2'] }
 */
export function asText(column: Column): TextColumn {
  if (column.kind === 'text') return column;
  if (column.kind === 'raw') return column.text;
  return buildText([column.values], column.values.length);
}

/**
 * The value of one cell as served (`undefined` = missing): for the visible window and export.
 *
 * @example
 * cellValue(fromDecoded(['a', undefined]), 1) // undefined
 */
export function cellValue(column: Column, row: number): unknown {
  switch (column.kind) {
    case 'number': {
      const narrow = column.narrow;
      const value = narrow ? narrow.values[row] : column.values[row];
      return value === undefined || Number.isNaN(value) || value === narrow?.missing
        ? undefined
        : value;
    }
    case 'text': {
      if (column.rows) return column.rows.at(row);
      const code = column.codes[row] ?? 0;
      return code === 0 ? undefined : column.dict[code - 1];
    }
    case 'raw':
      return column.values[row];
  }
}
