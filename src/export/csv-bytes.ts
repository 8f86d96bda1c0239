import { cellText } from './cell-text.ts';
import type { BlockCells } from './csv-rows.ts';
import { FORMATS, type TextFormat } from './formats.ts';

/**
 * The fast row writer: the same text as papaparse's `unparse` (csv-rows.ts), written straight
 * into UTF-8 bytes. A 1.5 GB export built as JS strings leaves ~100 M short strings and rope
 * nodes per GB that outlive a young-generation GC and pile up in the old generation (the heap
 * grew by ~300 MB); here a number's digits go from the double to the buffer, a text cell is
 * copied in, and the browser receives bytes it doesn't have to encode again.
 */

/** A growable byte buffer, reused chunk after chunk (its bytes are valid until the next reset). */
export class ByteBuffer {
  bytes: Uint8Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 1 << 20) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** The bytes written since the last reset. */
  view(): Uint8Array<ArrayBuffer> {
    return this.bytes.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}

const QUOTE = 0x22;
const encoder = new TextEncoder();

/** ASCII text as is; anything else through TextEncoder (3 bytes per UTF-16 unit at most). */
function putText(out: ByteBuffer, text: string, doubleQuotes: boolean): void {
  out.reserve(text.length * 3 + 2);
  const bytes = out.bytes;
  let at = out.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) {
      out.length = at;
      putUnicode(out, text.slice(i), doubleQuotes);
      return;
    }
    bytes[at++] = code;
    if (code === QUOTE && doubleQuotes) bytes[at++] = QUOTE;
  }
  out.length = at;
}

function putUnicode(out: ByteBuffer, text: string, doubleQuotes: boolean): void {
  const quoted = doubleQuotes ? text.replace(/"/g, '""') : text;
  out.reserve(quoted.length * 3);
  out.length += encoder.encodeInto(quoted, out.bytes.subarray(out.length)).written;
}

/** Writes a double's shortest round-trip text (see formatNumber): integers digit by digit. */
function putNumber(out: ByteBuffer, value: number): void {
  if (Number.isNaN(value)) return;
  out.reserve(32);
  const bytes = out.bytes;
  if (value === 0) {
    if (Object.is(value, -0)) bytes[out.length++] = 0x2d;
    bytes[out.length++] = 0x30;
    return;
  }
  // Integers below 2^31 need no String(): write the digits (most counts, sizes, flags).
  if ((value | 0) === value) {
    let v = value;
    if (v < 0) {
      bytes[out.length++] = 0x2d;
      v = -v;
    }
    let digits = 1;
    for (let p = 10; p <= v; p *= 10) digits++;
    let at = out.length + digits;
    out.length = at;
    do {
      bytes[--at] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
    return;
  }
  const text = String(value);
  let at = out.length;
  for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
  out.length = at;
}

/** Cells papaparse would quote: its BAD_DELIMITERS (CR, LF, `"`, BOM), the delimiter, edge spaces. */
const NEEDS_QUOTES: Readonly<Record<TextFormat, RegExp>> = {
  csv: /[",\r\n\ufeff]|^ | $/,
  tsv: /["\t\r\n\ufeff]|^ | $/,
};

/** One served value as a field: the cell text (cell-text.ts), quoted when papaparse would. */
function putField(out: ByteBuffer, value: unknown, needsQuotes: RegExp): void {
  if (typeof value === 'number') {
    putNumber(out, value);
    return;
  }
  const text = cellText(value);
  if (needsQuotes.test(text)) {
    out.reserve(1);
    out.bytes[out.length++] = QUOTE;
    putText(out, text, true);
    out.reserve(1);
    out.bytes[out.length++] = QUOTE;
  } else putText(out, text, false);
}

/**
 * Cells already written as fields of one format (UTF-8): field i is
 * `bytes[ends[i - 1] .. ends[i]]` (from 0 for the first). Text gathered this way lives outside
 * the JS heap, and the strings read from the store can go as soon as the column is gathered.
 */
export interface EncodedCells {
  readonly kind: 'encoded';
  readonly format: TextFormat;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly ends: Uint32Array;
}

/** Cells for `encodeRows`: numbers, served values, or fields already encoded. */
export type ByteCells = BlockCells | EncodedCells;

/**
 * Served values as encoded fields of `format`.
 *
 * @example
 * const cells = encodeCells(['=x', 'a,b', undefined], 'csv');
 * new TextDecoder().decode(cells.bytes) // "'=x\"a,b\""; ends [3, 8, 8]
 */
export function encodeCells(values: readonly unknown[], format: TextFormat): EncodedCells {
  const needsQuotes = NEEDS_QUOTES[format];
  const out = new ByteBuffer(Math.max(64, values.length * 16));
  const ends = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    putField(out, values[i], needsQuotes);
    ends[i] = out.length;
  }
  return { kind: 'encoded', format, bytes: out.bytes.slice(0, out.length), ends };
}

function isEncoded(cells: ByteCells): cells is EncodedCells {
  return (cells as EncodedCells).kind === 'encoded';
}

/**
 * Appends rows `from..to` of a block to `out` as UTF-8, exactly the bytes of
 * `unparseRows(columns, from, to, format)`, every line ending with a newline.
 *
 * @example
 * const out = new ByteBuffer();
 * encodeRows([Float64Array.of(-1.5), ['=1+1']], 0, 1, 'csv', out);
 * new TextDecoder().decode(out.view()) // "-1.5,'=1+1\r\n"
 */
export function encodeRows(
  columns: readonly ByteCells[],
  from: number,
  to: number,
  format: TextFormat,
  out: ByteBuffer,
): void {
  const { delimiter, newline } = FORMATS[format];
  const delimiterByte = delimiter.charCodeAt(0);
  const needsQuotes = NEEDS_QUOTES[format];
  const single = columns.length === 1;
  for (const column of columns) {
    if (isEncoded(column) && column.format !== format) {
      throw new TypeError(`cells encoded for ${column.format}, written as ${format}`);
    }
  }
  for (let r = from; r < to; r++) {
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) {
        out.reserve(1);
        out.bytes[out.length++] = delimiterByte;
      }
      const start = out.length;
      const column = columns[c] as ByteCells;
      if (column instanceof Float64Array) putNumber(out, column[r] as number);
      else if (isEncoded(column)) {
        const begin = r === 0 ? 0 : (column.ends[r - 1] as number);
        const end = column.ends[r] as number;
        out.reserve(end - begin);
        // A loop, not set(subarray): a subarray object per cell would be garbage per cell.
        const bytes = out.bytes;
        const source = column.bytes;
        let at = out.length;
        for (let k = begin; k < end; k++) bytes[at++] = source[k] as number;
        out.length = at;
      } else putField(out, column[r], needsQuotes);
      // A one-column file's empty cell would be an empty line, which readers skip: `""`.
      if (single && out.length === start) putText(out, '""', false);
    }
    putText(out, newline, false);
  }
}

/**
 * The header line as UTF-8 (the same bytes as `headerLine`).
 *
 * @example
 * const out = new ByteBuffer();
 * encodeHeader(['_id', 'cjv'], 'tsv', out); // out.view() holds "_id\tcjv\n"
 */
export function encodeHeader(names: readonly string[], format: TextFormat, out: ByteBuffer): void {
  encodeRows(
    names.map((name) => [name]),
    0,
    1,
    format,
    out,
  );
}
