import type { NarrowNumbers } from '../frame/column.ts';
import { NO_SECONDS, secondsToMs } from '../frame/text-rows.ts';
import { type EncodedColumn, encodedLength } from './column-codec.ts';

/**
 * How one column of a compacted segment is laid out as bytes (in an origin-private file or an
 * IndexedDB Blob). The segment covers consecutive chunks; `counts` (kept beside the layout in
 * the segment's index record) says how many rows each holds. Fixed-width kinds keep row r at
 * byte `r × width`, so the rows of any run of chunks are one byte range: an export reading a few
 * chunks at a time reads only those bytes.
 *
 * - `number`: `f64`, or narrower when every value reads back exactly: `f32`, or integers in
 *   `i8`/`i16`/`i32` with the type's smallest value meaning missing (NaN in floats).
 * - `http-date`: epoch ms as `f64`, or whole seconds as `u32s` (HTTP dates have no
 *   milliseconds), 0xffffffff = missing.
 * - `hex`: `width` bytes a row; then the missing rows, u32 each, at `missingAt`.
 * - `dict`: codes of `codeBytes` bytes a row (0 = missing); the dictionary as JSON at `dictAt`.
 * - `raw`: one JSON block per chunk, chunk i's bytes ending at `blockEnds[i]`.
 *
 * Pure: bytes in, bytes out; the caller reads and writes them.
 */
export type SegmentLayout =
  | { kind: 'number'; type: NumberType }
  | { kind: 'http-date'; type: 'f64' | 'u32s' }
  | { kind: 'hex'; width: number; missingAt: number; missingCount: number }
  | { kind: 'dict'; codeBytes: 1 | 2 | 4; dictAt: number; dictBytes: number }
  | { kind: 'raw'; blockEnds: number[] };

type NumberType = 'f64' | 'f32' | 'i8' | 'i16' | 'i32';

/** A column of a segment, encoded: the bytes to write (in order) and how to read them back. */
export interface EncodedSegment {
  layout: SegmentLayout;
  parts: Uint8Array[];
  bytes: number;
}

/** Reads bytes `start..end` (end excluded) of a segment file (a view is fine). */
export type ReadBytes = (start: number, end: number) => Promise<Uint8Array>;

type View<T> = new (buffer: ArrayBuffer, byteOffset: number, length: number) => T;

/** `bytes` as a typed array, without copying when they are aligned for it. */
function viewAs<T>(bytes: Uint8Array, Type: View<T> & { BYTES_PER_ELEMENT: number }): T {
  const size = Type.BYTES_PER_ELEMENT;
  const source = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  return new Type(source.buffer as ArrayBuffer, source.byteOffset, source.byteLength / size);
}

const INT_TYPES = [
  { type: 'i8', min: -0x80, max: 0x7f },
  { type: 'i16', min: -0x8000, max: 0x7fff },
  { type: 'i32', min: -0x80000000, max: 0x7fffffff },
] as const;

const WIDTH: Record<NumberType, number> = { f64: 8, f32: 4, i8: 1, i16: 2, i32: 4 };
const NO_DATE = NO_SECONDS;

/** The narrowest number type every value of `values` reads back from exactly. */
function numberType(values: Float64Array): NumberType {
  let ints = true;
  let f32 = true;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    if (f32 && Math.fround(v) !== v) f32 = false;
    // -0 is an integer to Number.isInteger, but no integer array can hold it.
    if (ints && (!Number.isInteger(v) || Object.is(v, -0))) ints = false;
    if (v < min) min = v;
    if (v > max) max = v;
    if (!ints && !f32) return 'f64';
  }
  if (ints) {
    // The type's smallest value is the missing marker, so present values stay above it.
    for (const t of INT_TYPES) if (min > t.min && max <= t.max) return t.type;
  }
  return f32 ? 'f32' : 'f64';
}

function packNumbers(values: Float64Array, type: NumberType): Uint8Array {
  switch (type) {
    case 'f64':
      return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    case 'f32':
      return new Uint8Array(Float32Array.from(values).buffer);
    default: {
      const t = INT_TYPES.find((x) => x.type === type)!;
      const out =
        type === 'i8'
          ? new Int8Array(values.length)
          : type === 'i16'
            ? new Int16Array(values.length)
            : new Int32Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number;
        out[i] = Number.isNaN(v) ? t.min : v;
      }
      return new Uint8Array(out.buffer);
    }
  }
}

function unpackNumbers(bytes: Uint8Array, type: NumberType): Float64Array {
  switch (type) {
    case 'f64':
      return viewAs(bytes, Float64Array);
    case 'f32':
      return Float64Array.from(viewAs(bytes, Float32Array));
    default: {
      const t = INT_TYPES.find((x) => x.type === type)!;
      const ints =
        type === 'i8'
          ? viewAs(bytes, Int8Array)
          : type === 'i16'
            ? viewAs(bytes, Int16Array)
            : viewAs(bytes, Int32Array);
      const out = new Float64Array(ints.length);
      for (let i = 0; i < ints.length; i++) {
        const v = ints[i] as number;
        out[i] = v === t.min ? Number.NaN : v;
      }
      return out;
    }
  }
}

/** Dates with no milliseconds, 1970–2106: whole seconds fit a u32. */
function fitsSeconds(ms: Float64Array): boolean {
  for (let i = 0; i < ms.length; i++) {
    const v = ms[i] as number;
    if (Number.isNaN(v)) continue;
    if (v < 0 || v % 1000 !== 0 || v / 1000 >= NO_DATE) return false;
  }
  return true;
}

/**
 * JSON for values that may hold `undefined` (missing, which JSON has no word for) and -0
 * (which JSON writes as 0): both listed by position, so every value reads back as it was.
 */
function valuesJson(values: readonly unknown[]): string {
  const u: number[] = [];
  const z: number[] = [];
  const v = values.map((value, i) => {
    if (value === undefined) u.push(i);
    else if (Object.is(value, -0)) z.push(i);
    return value === undefined ? null : value;
  });
  return JSON.stringify(u.length || z.length ? { v, u, z } : { v });
}

function parseValues(text: string): unknown[] {
  const { v, u = [], z = [] } = JSON.parse(text) as { v: unknown[]; u?: number[]; z?: number[] };
  for (const i of u) v[i] = undefined;
  for (const i of z) v[i] = -0;
  return v;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Pads to a multiple of 8 bytes, so the section after it can be viewed as any typed array. */
function padded(parts: Uint8Array[], length: number): number {
  const pad = (8 - (length % 8)) % 8;
  if (pad > 0) parts.push(new Uint8Array(pad));
  return length + pad;
}

/**
 * Encodes one column of a segment (`column` holds every row of the chunks `counts` describes).
 *
 * @example
 * encodeSegment({ kind: 'number', values: Float64Array.of(1, 2, NaN) }, [3]).layout
 * // { kind: 'number', type: 'i8' }
 */
export function encodeSegment(column: EncodedColumn, counts: readonly number[]): EncodedSegment {
  const parts: Uint8Array[] = [];
  const done = (layout: SegmentLayout): EncodedSegment => ({
    layout,
    parts,
    bytes: parts.reduce((n, p) => n + p.byteLength, 0),
  });
  switch (column.kind) {
    case 'number': {
      const type = numberType(column.values);
      parts.push(packNumbers(column.values, type));
      return done({ kind: 'number', type });
    }
    case 'http-date': {
      const { ms } = column;
      if (!fitsSeconds(ms)) {
        parts.push(new Uint8Array(ms.buffer, ms.byteOffset, ms.byteLength));
        return done({ kind: 'http-date', type: 'f64' });
      }
      const s = new Uint32Array(ms.length);
      for (let i = 0; i < ms.length; i++) {
        const v = ms[i] as number;
        s[i] = Number.isNaN(v) ? NO_DATE : v / 1000;
      }
      parts.push(new Uint8Array(s.buffer));
      return done({ kind: 'http-date', type: 'u32s' });
    }
    case 'hex': {
      const { bytes, width, missing } = column;
      parts.push(bytes);
      const missingAt = padded(parts, bytes.byteLength);
      parts.push(new Uint8Array(missing.buffer, missing.byteOffset, missing.byteLength));
      return done({ kind: 'hex', width, missingAt, missingCount: missing.length });
    }
    case 'dict': {
      const { codes, dict } = column;
      const codeBytes = dict.length < 0xff ? 1 : dict.length < 0xffff ? 2 : 4;
      const packed =
        codeBytes === 1
          ? Uint8Array.from(codes)
          : codeBytes === 2
            ? Uint16Array.from(codes)
            : codes;
      parts.push(
        packed instanceof Uint8Array
          ? packed
          : new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength),
      );
      const dictAt = padded(parts, packed.byteLength);
      const json = encoder.encode(valuesJson(dict));
      parts.push(json);
      return done({ kind: 'dict', codeBytes, dictAt, dictBytes: json.byteLength });
    }
    case 'raw': {
      const blockEnds: number[] = [];
      let at = 0;
      let end = 0;
      for (const count of counts) {
        const block = encoder.encode(valuesJson(column.values.slice(at, at + count)));
        parts.push(block);
        at += count;
        end += block.byteLength;
        blockEnds.push(end);
      }
      return done({ kind: 'raw', blockEnds });
    }
  }
}

/** Row offsets: `starts[i]` = rows before chunk i of the segment, `starts[n]` = all rows. */
export function rowStarts(counts: readonly number[]): number[] {
  const starts = [0];
  for (const c of counts) starts.push((starts.at(-1) as number) + c);
  return starts;
}

/** Bytes per row of a fixed-width layout (raw has none). */
function rowWidth(layout: SegmentLayout): number {
  switch (layout.kind) {
    case 'number':
      return WIDTH[layout.type];
    case 'http-date':
      return layout.type === 'f64' ? 8 : 4;
    case 'hex':
      return layout.width;
    case 'dict':
      return layout.codeBytes;
    case 'raw':
      return 0;
  }
}

/**
 * The whole numbers a `number` segment holds, as stored (no widening to doubles), for data the
 * store derives itself (stored-dedup.ts); null when the segment is not of integers. A stored
 * missing value (the type's smallest) comes out as a large number: the caller validates.
 *
 * @example
 * integersOf({ kind: 'number', type: 'i8' }, Uint8Array.of(1, 2)) // Int8Array [1, 2]
 */
export function integersOf(
  layout: SegmentLayout,
  bytes: Uint8Array,
): Int8Array | Int16Array | Int32Array | null {
  if (layout.kind !== 'number') return null;
  switch (layout.type) {
    case 'i8':
      return viewAs(bytes, Int8Array);
    case 'i16':
      return viewAs(bytes, Int16Array);
    case 'i32':
      return viewAs(bytes, Int32Array);
    default:
      return null;
  }
}

/**
 * Rows of chunks `from..to` (positions in the segment, both included) of one segment column,
 * read through `read` — only the byte ranges those rows need.
 *
 * @example
 * const { layout, parts } = encodeSegment(column, [2, 3]);
 * await readSegment(layout, [2, 3], readFrom(concat(parts)), 1, 1) // the last 3 rows
 */
export async function readSegment(
  layout: SegmentLayout,
  counts: readonly number[],
  read: ReadBytes,
  from = 0,
  to = counts.length - 1,
): Promise<EncodedColumn> {
  const starts = rowStarts(counts);
  const r0 = starts[from] as number;
  const r1 = starts[to + 1] as number;
  const width = rowWidth(layout);
  switch (layout.kind) {
    case 'number':
      return numbersColumn(await read(r0 * width, r1 * width), layout.type);
    case 'http-date': {
      const bytes = await read(r0 * width, r1 * width);
      if (layout.type === 'f64') return { kind: 'http-date', ms: viewAs(bytes, Float64Array) };
      return secondsColumn(viewAs(bytes, Uint32Array));
    }
    case 'hex': {
      const { missingAt, missingCount } = layout;
      const [body, missingBytes] = await Promise.all([
        read(r0 * width, r1 * width),
        missingCount > 0 ? read(missingAt, missingAt + missingCount * 4) : null,
      ]);
      const missing: number[] = [];
      if (missingBytes) {
        for (const row of viewAs(missingBytes, Uint32Array)) {
          if (row >= r0 && row < r1) missing.push(row - r0);
        }
      }
      return { kind: 'hex', width, bytes: body, missing: Uint32Array.from(missing) };
    }
    case 'dict': {
      const { dictAt, dictBytes } = layout;
      const [body, dictText] = await Promise.all([
        read(r0 * width, r1 * width),
        read(dictAt, dictAt + dictBytes),
      ]);
      const dict = parseValues(decoder.decode(dictText));
      const codes =
        width === 1 ? body : width === 2 ? viewAs(body, Uint16Array) : viewAs(body, Uint32Array);
      return { kind: 'dict', dict, codes };
    }
    case 'raw': {
      const ends = layout.blockEnds;
      const start = from === 0 ? 0 : (ends[from - 1] as number);
      const text = await read(start, ends[to] as number);
      const values: unknown[] = [];
      let at = 0;
      for (let i = from; i <= to; i++) {
        const size = (ends[i] as number) - (i === 0 ? 0 : (ends[i - 1] as number));
        for (const v of parseValues(decoder.decode(text.subarray(at, at + size)))) values.push(v);
        at += size;
      }
      return { kind: 'raw', values };
    }
  }
}

/**
 * Rows `start..end` (end excluded) of an encoded column, sharing its memory where it can:
 * splits a segment read back into its chunks.
 *
 * @example
 * sliceEncoded({ kind: 'number', values: Float64Array.of(1, 2, 3) }, 1, 3) // values [2, 3]
 */
export function sliceEncoded(column: EncodedColumn, start: number, end: number): EncodedColumn {
  switch (column.kind) {
    case 'number':
      return { kind: 'number', values: column.values.subarray(start, end) };
    case 'http-date':
      return column.seconds
        ? secondsColumn(column.seconds.subarray(start, end))
        : { kind: 'http-date', ms: column.ms.subarray(start, end) };
    case 'dict':
      return { kind: 'dict', dict: column.dict, codes: column.codes.subarray(start, end) };
    case 'raw':
      return { kind: 'raw', values: column.values.slice(start, end) };
    case 'hex': {
      const { width, bytes, missing } = column;
      const rows: number[] = [];
      for (const row of missing) if (row >= start && row < end) rows.push(row - start);
      const part = bytes.subarray(start * width, end * width);
      return { kind: 'hex', width, bytes: part, missing: Uint32Array.from(rows) };
    }
  }
}

/** Rows of an encoded column (re-exported for the segment code's callers). */
export const segmentRows = encodedLength;

/**
 * Numbers as stored: doubles viewed in place; narrower ones kept as they are, widened to doubles
 * when something first asks for `values` (a sort, a filter, a chart), not to show a window of
 * cells: 1M one-byte field strengths widened to 8 MB of doubles took 30–96 ms of a 1M table's
 * open, on its main thread.
 */
function numbersColumn(bytes: Uint8Array, type: NumberType): EncodedColumn {
  if (type === 'f64') return { kind: 'number', values: viewAs(bytes, Float64Array) };
  const narrow: NarrowNumbers =
    type === 'f32'
      ? { values: viewAs(bytes, Float32Array), missing: Number.NaN }
      : {
          values: integersOf({ kind: 'number', type }, bytes)!,
          missing: INT_TYPES.find((t) => t.type === type)!.min,
        };
  let values: Float64Array | undefined;
  return {
    kind: 'number',
    narrow,
    get values() {
      values ??= unpackNumbers(bytes, type);
      return values;
    },
  };
}

/** Dates as stored in whole seconds, their epoch ms worked out when first asked for. */
function secondsColumn(seconds: Uint32Array): EncodedColumn {
  let ms: Float64Array | undefined;
  return {
    kind: 'http-date',
    seconds,
    get ms() {
      ms ??= secondsToMs(seconds);
      return ms;
    },
  };
}
