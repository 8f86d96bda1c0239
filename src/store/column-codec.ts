import type { NarrowNumbers } from '../frame/column.ts';
import { hexAt, httpDateText, packHex, packHttpDates } from '../frame/packed-strings.ts';

/**
 * How one column of one chunk is encoded for IndexedDB.
 *
 * - `number`: every present value is a JSON number (or null). A Float64Array, NaN = missing;
 *   typed arrays are cloned by IndexedDB as one memcpy, which is what makes 1M-row loads fast.
 * - `dict`: strings/booleans that repeat (Manufacturer, version, md5sum duplicates): a value
 *   list plus a Uint16/Uint32 code per row, code 0 = missing, code k = dict[k - 1].
 * - `hex`: lowercase hex digests of one length (`provenance.md5sum`, `_id`), packed `width`
 *   bytes a row; `missing` = rows without a value. See frame/packed-strings.ts.
 * - `http-date`: HTTP dates (`_created`) as epoch ms, NaN = missing, when each formats back to
 *   its own text.
 * - `raw`: everything else (mostly unique strings, or a mix of types): the raw values,
 *   `undefined` = missing. Numbers in a mixed column stay numbers, so the frame can keep the
 *   raw value for export while typing the column as text.
 *
 * Chunks written before `hex` and `http-date` existed are `raw`: every reader takes any kind,
 * so a dataset can hold both and nothing needs migrating.
 *
 * Arrays (a bids_meta key can hold one) are stored as JSON text, as the export writes them.
 */

export type EncodedColumn =
  | {
      kind: 'number';
      values: Float64Array;
      /** As a compacted segment holds them, when narrower: `values` is widened on first use. */
      narrow?: NarrowNumbers;
    }
  | { kind: 'dict'; dict: unknown[]; codes: Uint8Array | Uint16Array | Uint32Array }
  | { kind: 'hex'; width: number; bytes: Uint8Array; missing: Uint32Array }
  | {
      kind: 'http-date';
      ms: Float64Array;
      /**
       * The whole seconds a compacted segment holds them as (NO_SECONDS = missing), when read
       * from one: `ms` is then widened from them on first use only (segment-layout.ts).
       */
      seconds?: Uint32Array;
    }
  | { kind: 'raw'; values: unknown[] };

/** The scalar a leaf is stored as: arrays (and any stray object) become JSON text. */
export function toStoredScalar(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

function isNumericColumn(values: readonly unknown[], length: number): boolean {
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v !== undefined && v !== null && typeof v !== 'number') return false;
  }
  return true;
}

function encodeNumbers(values: readonly unknown[], length: number): EncodedColumn {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' ? v : Number.NaN;
  }
  return { kind: 'number', values: out };
}

/**
 * Packs digests and dates (exactly: see packed-strings.ts), dictionary-encodes when the distinct
 * values are at most half the rows; otherwise raw.
 */
function encodeText(values: readonly unknown[], length: number): EncodedColumn {
  const hex = packHex(values, length);
  if (hex) return { kind: 'hex', ...hex };
  const ms = packHttpDates(values, length);
  if (ms) return { kind: 'http-date', ms };
  const index = new Map<unknown, number>();
  const dict: unknown[] = [];
  const limit = Math.max(1, Math.floor(length / 2));
  const codes = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === undefined) continue;
    let code = index.get(v);
    if (code === undefined) {
      if (dict.length >= limit) return { kind: 'raw', values: Array.from(values) };
      dict.push(v);
      code = dict.length;
      index.set(v, code);
    }
    codes[i] = code;
  }
  return { kind: 'dict', dict, codes: dict.length < 0xffff ? Uint16Array.from(codes) : codes };
}

/**
 * Encodes `length` rows of one column (`values[i]` = row i's stored scalar, `undefined` when
 * the record lacks the field).
 *
 * @example
 * encodeColumn([1, undefined, 2.5], 3) // { kind: 'number', values: Float64Array [1, NaN, 2.5] }
 * encodeColumn(['GE', 'GE', 'GE', 'Siemens'], 4) // { kind: 'dict', dict: ['GE','Siemens'], codes: [1,1,1,2] }
 */
export function encodeColumn(values: readonly unknown[], length: number): EncodedColumn {
  return isNumericColumn(values, length)
    ? encodeNumbers(values, length)
    : encodeText(values, length);
}

/**
 * Row values back from an encoded column (missing = `undefined`; a NaN of a number column is
 * reported as missing too).
 *
 * @example
 * decodeColumn({ kind: 'number', values: Float64Array.of(1, Number.NaN) }) // [1, undefined]
 */
export function decodeColumn(column: EncodedColumn): unknown[] {
  switch (column.kind) {
    case 'number':
      return Array.from(column.values, (v) => (Number.isNaN(v) ? undefined : v));
    case 'dict':
      return Array.from(column.codes, (c) => (c === 0 ? undefined : column.dict[c - 1]));
    case 'hex': {
      const { bytes, width, missing } = column;
      const out: unknown[] = Array.from({ length: bytes.length / width }, (_, i) =>
        hexAt(bytes, width, i),
      );
      for (const row of missing) out[row] = undefined;
      return out;
    }
    case 'http-date':
      return Array.from(column.ms, (ms) => (Number.isNaN(ms) ? undefined : httpDateText(ms)));
    case 'raw':
      return Array.from(column.values);
  }
}

/** Rows in an encoded chunk. */
export function encodedLength(column: EncodedColumn): number {
  switch (column.kind) {
    case 'number':
      return (column.narrow ?? column).values.length;
    case 'dict':
      return column.codes.length;
    case 'hex':
      return column.bytes.length / column.width;
    case 'http-date':
      return column.ms.length;
    case 'raw':
      return column.values.length;
  }
}
