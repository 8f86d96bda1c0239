import { hexAt, httpDateText, isMissingRow } from './packed-strings.ts';
import { codeRows, type RowCodes } from './row-codes.ts';

export type { RowCodes };

/**
 * Row values of a text column whose coding is left for later (see column.ts `lazyText`): the
 * table shows a window of cells, so a column of a million mostly distinct strings (digests,
 * upload dates) is read cell by cell and coded only when sorted, filtered or grouped by.
 *
 * Each kind codes itself the cheapest way it can: strings through a hash table of typed
 * arrays, packed digests by their bytes, dates by their time, never making a string per row.
 */
export interface TextRows {
  readonly length: number;
  /** Row `row`'s value, `undefined` = missing. */
  at(row: number): string | undefined;
  /** Epoch ms per row (NaN = missing) when the rows are dates held as times. */
  readonly times?: Float64Array;
  /** Whole seconds per row ({@link NO_SECONDS} = missing) when the dates are held so. */
  readonly seconds?: Uint32Array;
  /**
   * Codes in first-seen order (`codes[row]`, 0 = missing; code k's value is `at(firstRows[k - 1])`),
   * the coding `fromDecoded` gives for the same values.
   */
  code(): RowCodes;
}

/**
 * Open-addressing table of [code, hash] pairs over typed arrays (no Map entry per value):
 * `equal(code, row)` says whether row holds code's value. A probe touches one cache line,
 * and a new value (the common case for ids and digests) is told apart without comparing.
 */
class Coder<K> {
  private slots: Int32Array;
  private mask: number;
  /** Code k's first key (a row, or the value itself). */
  readonly keys: K[] = [];

  constructor(
    expected: number,
    private readonly equal: (code: number, key: K) => boolean,
  ) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
  }

  code(key: K, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const code = slots[slot * 2]!;
      if (code === 0) break;
      if (slots[slot * 2 + 1] === hash && this.equal(code, key)) return code;
      slot = (slot + 1) & mask;
    }
    const code = this.keys.push(key);
    slots[slot * 2] = code;
    slots[slot * 2 + 1] = hash;
    if (code * 4 > slots.length) this.grow();
    return code;
  }

  private grow(): void {
    const old = this.slots;
    const size = old.length; // old.length / 2 pairs → old.length pairs
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
 * Distinct strings → codes 1, 2, … in first-seen order; `dict[k - 1]` = code k's string.
 *
 * @example
 * const c = stringCoder(2);
 * [c.code('a'), c.code('b'), c.code('a')] // [1, 2, 1]; c.dict = ['a', 'b']
 */
export function stringCoder(expected: number): {
  code(s: string): number;
  readonly dict: string[];
} {
  const coder: Coder<string> = new Coder(expected, (code, s) => coder.keys[code - 1] === s);
  return { code: (s) => coder.code(s, hashString(s)), dict: coder.keys };
}

/**
 * Rows held as strings.
 *
 * @example
 * stringRows(['a', undefined, 'a']).code() // { codes: [1, 0, 1], firstRows: [0] }
 */
export function stringRows(strings: readonly (string | undefined)[]): TextRows {
  return {
    length: strings.length,
    at: (row) => strings[row],
    code() {
      const n = strings.length;
      const hashes = new Int32Array(n);
      const missing = new Uint8Array(n);
      for (let row = 0; row < n; row++) {
        const s = strings[row];
        if (s === undefined) missing[row] = 1;
        else hashes[row] = hashString(s);
      }
      return codeRows(hashes, missing, (a, b) => strings[a] === strings[b]);
    },
  };
}

/** Rows at `missing` (sorted) flagged, for a loop that walks every row. */
function missingFlags(length: number, missing: Uint32Array): Uint8Array {
  const flags = new Uint8Array(length);
  for (const row of missing) flags[row] = 1;
  return flags;
}

/**
 * Digests packed `width` bytes a row (frame/packed-strings.ts), coded by their bytes.
 *
 * @example
 * hexRows(Uint8Array.of(0xab, 0xab), 1, new Uint32Array(0)).at(1) // 'ab'
 */
export function hexRows(bytes: Uint8Array, width: number, missing: Uint32Array): TextRows {
  const length = bytes.length / width;
  return {
    length,
    at: (row) => (isMissingRow(missing, row) ? undefined : hexAt(bytes, width, row)),
    code() {
      const hashes = new Int32Array(length);
      for (let row = 0, at = 0; row < length; row++) {
        let h = 0x811c9dc5;
        for (let end = at + width; at < end; at++) h = Math.imul(h ^ bytes[at]!, 0x01000193);
        hashes[row] = h;
      }
      return codeRows(hashes, missing.length ? missingFlags(length, missing) : null, (a, b) => {
        const x = a * width;
        const y = b * width;
        for (let i = 0; i < width; i++) if (bytes[x + i] !== bytes[y + i]) return false;
        return true;
      });
    },
  };
}

/** The marker of a missing date among whole seconds (see {@link secondsDateRows}). */
export const NO_SECONDS = 0xffffffff;

/**
 * Dates held as whole seconds since 1970 ({@link NO_SECONDS} = missing), as stored: shown as
 * HTTP dates, coded by their second, and widened to epoch ms (`times`) only when something
 * asks (charts, a sort by date). Widening a million of them cost a 1M table's open ~0.1 s of
 * its main thread, for the few rows the grid shows.
 *
 * @example
 * secondsDateRows(Uint32Array.of(1, NO_SECONDS)).at(0) // 'Thu, 01 Jan 1970 00:00:01 GMT'
 */
export function secondsDateRows(seconds: Uint32Array): TextRows {
  let times: Float64Array | undefined;
  return {
    length: seconds.length,
    seconds,
    get times() {
      times ??= secondsToMs(seconds);
      return times;
    },
    at: (row) => {
      const s = seconds[row]!;
      return s === NO_SECONDS ? undefined : httpDateText(s * 1000);
    },
    code() {
      const n = seconds.length;
      const hashes = new Int32Array(n);
      const missing = new Uint8Array(n);
      for (let row = 0; row < n; row++) {
        const s = seconds[row]!;
        if (s === NO_SECONDS) {
          missing[row] = 1;
          continue;
        }
        const h = Math.imul(s | 0, 0x9e3779b1);
        hashes[row] = h ^ (h >>> 15);
      }
      return codeRows(hashes, missing, (a, b) => seconds[a] === seconds[b]);
    },
  };
}

/** Whole seconds ({@link NO_SECONDS} = missing) as epoch ms (NaN = missing). */
export function secondsToMs(seconds: Uint32Array): Float64Array {
  const ms = new Float64Array(seconds.length);
  for (let i = 0; i < seconds.length; i++) {
    const s = seconds[i]!;
    ms[i] = s === NO_SECONDS ? Number.NaN : s * 1000;
  }
  return ms;
}

/**
 * Dates held as epoch ms (NaN = missing), shown as HTTP dates, coded by their time.
 *
 * @example
 * dateRows(Float64Array.of(0, Number.NaN)).at(0) // 'Thu, 01 Jan 1970 00:00:00 GMT'
 */
export function dateRows(ms: Float64Array): TextRows {
  return {
    length: ms.length,
    times: ms,
    at: (row) => {
      const t = ms[row]!;
      return Number.isNaN(t) ? undefined : httpDateText(t);
    },
    code() {
      const n = ms.length;
      const hashes = new Int32Array(n);
      const missing = new Uint8Array(n);
      for (let row = 0; row < n; row++) {
        const t = ms[row]!;
        if (Number.isNaN(t)) {
          missing[row] = 1;
          continue;
        }
        // Whole seconds since 1970 fit a double exactly; mix the high and low halves.
        const s = t / 1000;
        const h = Math.imul((s | 0) ^ Math.floor(s / 0x100000000), 0x9e3779b1);
        hashes[row] = h ^ (h >>> 15);
      }
      return codeRows(hashes, missing, (a, b) => ms[a] === ms[b]);
    },
  };
}
