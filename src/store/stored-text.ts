import { lazyText, type TextColumn } from '../frame/column.ts';
import { dateRows, hexRows, secondsDateRows, stringCoder, stringRows } from '../frame/text-rows.ts';
import { decodeColumn, type EncodedColumn, encodedLength } from './column-codec.ts';

/**
 * A frame TextColumn built straight from stored chunks, without decoding them to per-row
 * arrays first: packed digests and dates become one typed array each, read cell by cell and
 * coded when first needed; `dict` chunks are re-coded through their (small) dictionaries, `raw`
 * chunks of strings are interned through an open-addressing hash table of typed arrays. For a
 * 1M-row column of unique strings this replaces ~1M Map insertions, a decoded 1M-element array
 * and their garbage with a few typed arrays.
 *
 * The result is the one `fromDecodedChunks` gives for the same rows (dictionary in first-seen
 * order, code 0 = missing), so nothing downstream can tell the two paths apart.
 */

/** A chunk as the reader hands it over: stored encoding, or `count` rows without the field. */
export type StoredPart = EncodedColumn | { kind: 'absent'; count: number };

const isMissing = (value: unknown) => value === undefined || value === null;

/**
 * Whether the parts can hold plain text, judged without reading every row: no number chunk
 * holds a number and no dictionary holds a non-string. Raw chunks are checked as they are
 * coded (one pass over the rows, not two).
 */
function mayBeText(parts: readonly StoredPart[]): boolean {
  for (const part of parts) {
    if (part.kind === 'number' && holdsNumber(part)) return false;
    if (part.kind === 'dict' && part.dict.some((v) => !isMissing(v) && typeof v !== 'string')) {
      return false;
    }
  }
  return true;
}

/** Whether a number part holds a value, read as stored (a narrow one is not widened for it). */
function holdsNumber(part: Extract<StoredPart, { kind: 'number' }>): boolean {
  const narrow = part.narrow;
  if (!narrow) return part.values.some((v) => !Number.isNaN(v));
  return narrow.values.some((v) => v !== narrow.missing && !Number.isNaN(v));
}

function partLength(part: StoredPart): number {
  return part.kind === 'absent' ? part.count : encodedLength(part);
}

/**
 * One text column from stored chunks, or null when they hold no value or a value that is not a
 * string (numbers, booleans: the caller then builds a number or raw column the general way).
 * `unique`: the caller knows no string repeats (`_id`, which the store keeps unique), so each
 * present value simply gets the next code, with no hashing at all.
 *
 * @example
 * textFromStored([{ kind: 'dict', dict: ['GE'], codes: Uint16Array.of(1, 0) }, { kind: 'raw', values: ['x', 'GE'] }])
 * // { kind: 'text', codes: [1, 0, 2, 1], dict: ['GE', 'x'] }
 */
export function textFromStored(
  parts: readonly StoredPart[],
  options: { unique?: boolean } = {},
): TextColumn | null {
  if (!mayBeText(parts)) return null;
  const packed = packedText(parts);
  if (packed) return packed;
  if (parts.some((p) => p.kind === 'hex' || p.kind === 'http-date')) {
    // Packed chunks among older raw ones (a download resumed across versions): as strings.
    return textFromStored(parts.map(asStrings), options);
  }
  if (options.unique) return uniqueText(parts);
  const own = ownDictionary(parts);
  if (own) return own;
  let n = 0;
  let rawRows = 0;
  for (const part of parts) {
    const length = partLength(part);
    n += length;
    if (part.kind === 'raw') rawRows += length;
    if (part.kind === 'dict') rawRows += part.dict.length;
  }
  // Mostly distinct strings (free text; dates and digests stored before they were packed):
  // keep the row values, code them when first needed.
  if (rawRows > n / 2) return lazyFromParts(parts, n);
  const interner = stringCoder(rawRows);
  const codes = new Uint32Array(n);
  let at = 0;
  for (const part of parts) {
    if (part.kind === 'dict') {
      const remap = new Uint32Array(part.dict.length + 1);
      part.dict.forEach((value, i) => {
        remap[i + 1] = typeof value === 'string' ? interner.code(value) : 0;
      });
      const chunkCodes = part.codes;
      for (let i = 0; i < chunkCodes.length; i++) codes[at + i] = remap[chunkCodes[i]!]!;
    } else if (part.kind === 'raw') {
      const values = part.values;
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (typeof value === 'string') codes[at + i] = interner.code(value);
        else if (!isMissing(value)) return null;
      }
    }
    at += partLength(part);
  }
  return interner.dict.length > 0 ? { kind: 'text', codes, dict: interner.dict } : null;
}

/**
 * One dictionary part (a compacted segment) of distinct strings is already the coding
 * textFromStored gives (code k = its k-th entry, 0 = missing): its codes are kept as read, at
 * their stored width. Re-coding a million of them into a new array cost a 1M table's open
 * ~50 ms a column.
 */
function ownDictionary(parts: readonly StoredPart[]): TextColumn | null {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.kind !== 'dict' || only.dict.length === 0) return null;
  const { dict, codes } = only;
  if (!dict.every((value) => typeof value === 'string')) return null;
  if (new Set(dict).size !== dict.length) return null;
  return { kind: 'text', codes, dict: dict as string[] };
}

/** Codes 1…k in row order for values known to be distinct (see textFromStored's `unique`). */
function uniqueText(parts: readonly StoredPart[]): TextColumn | null {
  let n = 0;
  for (const part of parts) n += partLength(part);
  const codes = new Uint32Array(n);
  const dict: string[] = [];
  let at = 0;
  for (const part of parts) {
    if (part.kind === 'raw') {
      const values = part.values;
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (typeof value === 'string') codes[at + i] = dict.push(value);
        else if (!isMissing(value)) return null;
      }
    } else if (part.kind === 'dict') {
      const { codes: chunkCodes, dict: chunkDict } = part;
      for (let i = 0; i < chunkCodes.length; i++) {
        const value = chunkDict[chunkCodes[i]! - 1];
        if (typeof value === 'string') codes[at + i] = dict.push(value);
      }
    }
    at += partLength(part);
  }
  return dict.length > 0 ? { kind: 'text', codes, dict } : null;
}

/** The parts' row values as one array, coded lazily; null when a value is not a string. */
function lazyFromParts(parts: readonly StoredPart[], n: number): TextColumn | null {
  const strings: (string | undefined)[] = new Array(n).fill(undefined);
  let at = 0;
  let any = false;
  for (const part of parts) {
    if (part.kind === 'raw') {
      const values = part.values;
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (typeof value === 'string') {
          strings[at + i] = value;
          any = true;
        } else if (!isMissing(value)) return null;
      }
    } else if (part.kind === 'dict') {
      const { codes, dict } = part;
      for (let i = 0; i < codes.length; i++) {
        const value = dict[codes[i]! - 1];
        if (typeof value === 'string') {
          strings[at + i] = value;
          any = true;
        }
      }
    }
    at += partLength(part);
  }
  return any ? lazyText(stringRows(strings)) : null;
}

/** A packed chunk as plain strings (other kinds as they are). */
function asStrings(part: StoredPart): StoredPart {
  return part.kind === 'hex' || part.kind === 'http-date'
    ? { kind: 'raw', values: decodeColumn(part) }
    : part;
}

/**
 * One lazily coded column when every chunk holding the field is packed the same way (digests
 * of one width, or dates): the chunks' typed arrays laid end to end, no string made.
 */
function packedText(parts: readonly StoredPart[]): TextColumn | null {
  const held = parts.filter((p) => p.kind !== 'absent');
  const first = held[0];
  // One part (a compacted segment) is already the column's arrays: no copy.
  const only = parts.length === 1 ? first : undefined;
  if (only?.kind === 'hex') return lazyText(hexRows(only.bytes, only.width, only.missing));
  if (only?.kind === 'http-date') {
    return lazyText(only.seconds ? secondsDateRows(only.seconds) : dateRows(only.ms));
  }
  if (first?.kind === 'hex' && held.every((p) => p.kind === 'hex' && p.width === first.width)) {
    return lazyText(joinHex(parts, first.width));
  }
  if (first?.kind === 'http-date' && held.every((p) => p.kind === 'http-date')) {
    let n = 0;
    for (const part of parts) n += partLength(part);
    const ms = new Float64Array(n).fill(Number.NaN);
    let at = 0;
    for (const part of parts) {
      if (part.kind === 'http-date') ms.set(part.ms, at);
      at += partLength(part);
    }
    return lazyText(dateRows(ms));
  }
  return null;
}

function joinHex(parts: readonly StoredPart[], width: number) {
  let n = 0;
  for (const part of parts) n += partLength(part);
  const bytes = new Uint8Array(n * width);
  const missing: number[] = [];
  let at = 0;
  for (const part of parts) {
    const length = partLength(part);
    if (part.kind === 'hex') {
      bytes.set(part.bytes, at * width);
      for (const row of part.missing) missing.push(at + row);
    } else {
      for (let row = 0; row < length; row++) missing.push(at + row);
    }
    at += length;
  }
  return hexRows(bytes, width, Uint32Array.from(missing));
}
