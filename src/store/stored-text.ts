import { lazyText, type TextColumn } from '../frame/column.ts';
import type { EncodedColumn } from './column-codec.ts';

/**
 * A frame TextColumn built straight from stored chunks, without decoding them to per-row
 * arrays first: `dict` chunks are re-coded through their (small) dictionaries, `raw` chunks
 * of strings are interned through an open-addressing hash table of typed arrays. For a 1M-row
 * column of unique strings (`_id`, md5sum, `_created`) this replaces ~1M Map insertions, a
 * decoded 1M-element array and their garbage with a few typed arrays.
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
    if (part.kind === 'number' && part.values.some((v) => !Number.isNaN(v))) return false;
    if (part.kind === 'dict' && part.dict.some((v) => !isMissing(v) && typeof v !== 'string')) {
      return false;
    }
  }
  return true;
}

function partLength(part: StoredPart): number {
  switch (part.kind) {
    case 'absent':
      return part.count;
    case 'number':
      return part.values.length;
    case 'dict':
      return part.codes.length;
    case 'raw':
      return part.values.length;
  }
}

/** FNV-1a over the string, or over its ends and length when it is long (hash, not identity). */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  const n = s.length;
  if (n <= 64) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  } else {
    for (let i = 0; i < 32; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    for (let i = n - 32; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ n, 0x01000193);
  }
  return h | 0;
}

/**
 * Distinct strings → codes 1, 2, … in first-seen order. Each slot holds a code and its
 * string's hash side by side, so a probe touches one cache line and a new string (the common
 * case for ids and hashes) is told apart from the held ones without reading them.
 */
class Interner {
  readonly dict: string[] = [];
  /** Pairs [code, hash]; code 0 = empty slot. */
  private slots: Int32Array;
  private mask: number;

  constructor(expected: number) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
  }

  code(s: string): number {
    const h = hashString(s);
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const code = slots[slot * 2]!;
      if (code === 0) break;
      if (slots[slot * 2 + 1] === h && this.dict[code - 1] === s) return code;
      slot = (slot + 1) & mask;
    }
    const code = this.dict.push(s);
    slots[slot * 2] = code;
    slots[slot * 2 + 1] = h;
    if (code * 4 > slots.length) this.grow();
    return code;
  }

  private grow(): void {
    const old = this.slots;
    const size = old.length; // twice the slots: old.length / 2 pairs → old.length pairs
    const slots = new Int32Array(size * 2);
    const mask = size - 1;
    for (let i = 0; i < old.length; i += 2) {
      const code = old[i]!;
      if (code === 0) continue;
      const h = old[i + 1]!;
      let slot = h & mask;
      while (slots[slot * 2] !== 0) slot = (slot + 1) & mask;
      slots[slot * 2] = code;
      slots[slot * 2 + 1] = h;
    }
    this.slots = slots;
    this.mask = mask;
  }
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
  if (options.unique) return uniqueText(parts);
  let n = 0;
  let rawRows = 0;
  for (const part of parts) {
    const length = partLength(part);
    n += length;
    if (part.kind === 'raw') rawRows += length;
    if (part.kind === 'dict') rawRows += part.dict.length;
  }
  // Mostly distinct strings (dates, digests): keep the row values, code them when first needed.
  if (rawRows > n / 2) return lazyFromParts(parts, n);
  const interner = new Interner(rawRows);
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

/** Codes the row values through the interner: the same result as coding the parts directly. */
function internStrings(strings: readonly (string | undefined)[]): {
  codes: Uint32Array;
  dict: string[];
} {
  const interner = new Interner(strings.length);
  const codes = new Uint32Array(strings.length);
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    if (s !== undefined) codes[i] = interner.code(s);
  }
  return { codes, dict: interner.dict };
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
  return any ? lazyText(strings, internStrings) : null;
}
