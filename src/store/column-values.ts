import { hexAt, packHex, packHttpDates } from '../frame/packed-strings.ts';
import { type EncodedColumn, encodeColumn } from './column-codec.ts';

/**
 * One column's values as a download appends rows, kept the way the commit will encode them, so
 * the parsed records die young: numbers straight into a Float64Array, digests into bytes,
 * repeated text as dictionary codes; anything else as the values themselves (as before). Keeping
 * 1M references to numbers and strings of records already parsed made them survive into the old
 * generation, and the collector copied them all (most of the ingest's time went there).
 *
 * `encode(n)` gives exactly what `encodeColumn` gives for the same values: each mode falls back
 * to the plain values (and that function) as soon as a value does not fit it.
 */
type Mode = 'number' | 'hex' | 'coded' | 'raw';

/** Rows a dictionary may grow to before a mostly-distinct column is kept as plain values. */
const CODED_MIN = 64;

const HEX = /^(?:[0-9a-f]{2}){1,64}$/;

/** Lowercase hex digit values by char code; -1 for anything else. */
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) DIGIT['0123456789abcdef'.charCodeAt(i)] = i;

export class ColumnValues {
  private mode: Mode = 'number';
  /** Rows set so far (later rows are missing until set). */
  private length = 0;
  /** number: values, NaN = null or missing; `nulls` tells which NaNs were null. */
  private numbers = new Float64Array(16).fill(Number.NaN);
  private nulls: number[] = [];
  /** hex: `width` bytes a row; `absent` = rows missing or null (null ones also in `nulls`). */
  private width = 0;
  private bytes = new Uint8Array(0);
  private absent: number[] = [];
  /** coded: code per row (0 = missing), dictionary in first-seen order. */
  private codes = new Uint32Array(0);
  private dict: unknown[] = [];
  private index = new Map<unknown, number>();
  /** raw: the values (`undefined` = missing). */
  private values: unknown[] = [];

  /** Sets row `row` (≥ every row set before) to `value` (a stored scalar; undefined = missing). */
  set(row: number, value: unknown): void {
    if (value === undefined) return;
    if (this.mode === 'number') {
      if (typeof value === 'number' || value === null) {
        this.setNumber(row, value);
        return;
      }
      if (typeof value === 'string' && !this.anyNumber() && HEX.test(value)) {
        this.toHex(value.length / 2);
      } else {
        this.toCoded();
      }
    }
    if (this.mode === 'hex' && !this.setHex(row, value)) this.toRaw();
    if (this.mode === 'coded') this.setCoded(row, value);
    if (this.mode === 'raw') this.setRaw(row, value);
  }

  /** Row `row`'s stored scalar (`undefined` = missing). */
  at(row: number): unknown {
    if (row >= this.length) return undefined;
    switch (this.mode) {
      case 'number': {
        const v = this.numbers[row] as number;
        return Number.isNaN(v) ? (this.nulls.includes(row) ? null : undefined) : v;
      }
      case 'hex':
        if (!this.absent.includes(row)) return hexAt(this.bytes, this.width, row);
        return this.nulls.includes(row) ? null : undefined;
      case 'coded': {
        const code = this.codes[row] as number;
        return code === 0 ? undefined : this.dict[code - 1];
      }
      case 'raw':
        return this.values[row];
    }
  }

  /** The first `n` rows encoded, exactly as `encodeColumn` encodes them. */
  encode(n: number): EncodedColumn {
    switch (this.mode) {
      case 'number': {
        const values = new Float64Array(n).fill(Number.NaN);
        values.set(this.numbers.subarray(0, Math.min(n, this.length)));
        return { kind: 'number', values };
      }
      case 'hex': {
        const bytes = new Uint8Array(n * this.width);
        bytes.set(this.bytes.subarray(0, Math.min(n, this.length) * this.width));
        const missing = this.absent.filter((r) => r < n);
        for (let r = this.length; r < n; r++) missing.push(r);
        return { kind: 'hex', width: this.width, bytes, missing: Uint32Array.from(missing) };
      }
      case 'coded':
        return this.encodeCoded(n);
      case 'raw': {
        const values = this.values.slice(0, n);
        while (values.length < n) values.push(undefined);
        return encodeColumn(values, n);
      }
    }
  }

  private anyNumber(): boolean {
    for (let r = 0; r < this.length; r++) if (!Number.isNaN(this.numbers[r] as number)) return true;
    return false;
  }

  private grow<T extends Float64Array | Uint32Array | Uint8Array>(
    array: T,
    size: number,
    fill?: number,
  ): T {
    if (size <= array.length) return array;
    const Type = array.constructor as new (n: number) => T;
    const bigger = new Type(Math.max(size, array.length * 2));
    if (fill !== undefined) bigger.fill(fill);
    bigger.set(array);
    return bigger;
  }

  private setNumber(row: number, value: number | null): void {
    if (row >= this.numbers.length) this.numbers = this.grow(this.numbers, row + 1, Number.NaN);
    if (value === null) this.nulls.push(row);
    else this.numbers[row] = value;
    this.length = row + 1;
  }

  /** Sets a hex row; false (nothing set) when `value` is not a digest of this width. */
  private setHex(row: number, value: unknown): boolean {
    const { width } = this;
    if (value !== null && (typeof value !== 'string' || value.length !== width * 2)) return false;
    if ((row + 1) * width > this.bytes.length)
      this.bytes = this.grow(this.bytes, (row + 1) * width);
    if (value !== null) {
      const at = row * width;
      for (let b = 0; b < width; b++) {
        const hi = value.charCodeAt(2 * b);
        const lo = value.charCodeAt(2 * b + 1);
        const byte =
          ((hi < 128 ? (DIGIT[hi] as number) : -1) << 4) | (lo < 128 ? (DIGIT[lo] as number) : -1);
        if (byte < 0) {
          this.bytes.fill(0, at, at + width);
          return false;
        }
        this.bytes[at + b] = byte;
      }
    }
    for (let r = this.length; r < row; r++) this.absent.push(r);
    if (value === null) {
      this.absent.push(row);
      this.nulls.push(row);
    }
    this.length = row + 1;
    return true;
  }

  private setCoded(row: number, value: unknown): void {
    let code = this.index.get(value);
    if (code === undefined) {
      if (this.dict.length >= CODED_MIN && this.dict.length * 2 > row) {
        // Mostly distinct (free text, dates): plain values, as the codec takes them (the
        // caller sets this row as one).
        this.toRaw();
        return;
      }
      code = this.dict.push(value);
      this.index.set(value, code);
    }
    if (row >= this.codes.length) this.codes = this.grow(this.codes, row + 1);
    this.codes[row] = code;
    this.length = row + 1;
  }

  private setRaw(row: number, value: unknown): void {
    while (this.values.length < row) this.values.push(undefined);
    this.values.push(value);
    this.length = row + 1;
  }

  private toHex(width: number): void {
    // Only missing and null rows so far.
    this.width = width;
    for (let r = 0; r < this.length; r++) this.absent.push(r);
    this.bytes = new Uint8Array(Math.max(16, this.length) * width);
    this.mode = 'hex';
  }

  private toCoded(): void {
    const rows = Array.from({ length: this.length }, (_, r) => this.at(r));
    this.mode = 'coded';
    this.length = 0;
    this.numbers = new Float64Array(0);
    // Through set(): the codes may turn into plain values on the way.
    for (const [r, v] of rows.entries()) if (v !== undefined) this.set(r, v);
    this.length = Math.max(this.length, rows.length);
  }

  private toRaw(): void {
    this.values = Array.from({ length: this.length }, (_, r) => this.at(r));
    this.mode = 'raw';
    this.numbers = new Float64Array(0);
    this.bytes = new Uint8Array(0);
    this.codes = new Uint32Array(0);
    this.index = new Map();
  }

  /** encodeColumn's text path, run on the dictionary (each distinct value once) and the codes. */
  private encodeCoded(n: number): EncodedColumn {
    const rows = Math.min(n, this.length);
    const codes = new Uint32Array(n);
    codes.set(this.codes.subarray(0, rows));
    const { dict } = this;
    const perRow = <T>(of: (value: unknown) => T) => {
      const out: T[] = new Array(n);
      const mapped = dict.map(of);
      for (let r = 0; r < n; r++) {
        const c = codes[r] as number;
        out[r] = c === 0 ? of(undefined) : (mapped[c - 1] as T);
      }
      return out;
    };
    // Digests and dates are packed when every value is one: decided on the distinct values.
    if (packHex(dict, dict.length))
      return {
        kind: 'hex',
        ...packHex(
          perRow((v) => v),
          n,
        )!,
      };
    if (packHttpDates(dict, dict.length))
      return {
        kind: 'http-date',
        ms: packHttpDates(
          perRow((v) => v),
          n,
        )!,
      };
    if (dict.length > Math.max(1, Math.floor(n / 2)))
      return { kind: 'raw', values: perRow((v) => v) };
    return {
      kind: 'dict',
      dict: [...dict],
      codes: dict.length < 0xffff ? Uint16Array.from(codes) : codes,
    };
  }
}
