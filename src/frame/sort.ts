import { asText, type Codes, type Column, type TextColumn } from './column.ts';

/**
 * Sorting of row-index arrays by columns.
 *
 * Every key becomes unsigned 32-bit words per row (a number → the 64 bits of its IEEE value,
 * mapped so unsigned order = numeric order; a text → its dictionary rank) and the rows go
 * through an LSD radix sort, 16 bits a pass, least significant key first. Radix sort is stable
 * by construction, so ties keep the input order and multi-column sorting is one sort; it is
 * O(rows × key bits) with no comparator calls (1M numbers in tens of ms, where
 * `Array#sort` with a comparator takes several hundred).
 *
 * Missing (NaN, code 0) is the all-ones word in both directions, so it sorts last whether
 * ascending or descending: descending inverts the present values only.
 *
 * Text order is plain UTF-16 code-unit order (`a < b`), not `Intl.Collator`: it is what
 * pandas' `sort_values` gives on the exported CSV (up to astral characters), it doesn't
 * change with the browser's locale, and ranking a 1M-entry dictionary (`_id`) with a
 * collator takes seconds. Uppercase therefore sorts before lowercase ('Siemens' < 'ge').
 */

/** One sort key: a column and its direction. */
export interface SortKey {
  readonly column: Column;
  readonly desc?: boolean;
}

const MISSING_WORD = 0xffffffff;
const DIGITS = 0x10000;

/** Dictionary ranks per dict array, computed once per column (columns are immutable). */
const rankCache = new WeakMap<readonly string[], Uint32Array>();

const PREFIX_WORDS = 4; // 8 UTF-16 units, two per word

function compareCodeUnits(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Words of the first 8 code units of each entry (a missing unit is 0, below every real one). */
function prefixWords(dict: readonly string[]): Uint32Array[] {
  return Array.from({ length: PREFIX_WORDS }, (_, w) => {
    const word = new Uint32Array(dict.length);
    for (let i = 0; i < dict.length; i++) {
      const s = dict[i]!;
      word[i] = (((s.charCodeAt(2 * w) | 0) << 16) | (s.charCodeAt(2 * w + 1) | 0)) >>> 0;
    }
    return word;
  });
}

/** Re-sorts, with full comparisons, each run of entries whose prefix words all tie. */
function sortPrefixTies(order: Uint32Array, words: Uint32Array[], dict: readonly string[]) {
  const same = (a: number, b: number) => words.every((word) => word[a] === word[b]);
  let start = 0;
  for (let i = 1; i <= order.length; i++) {
    if (i < order.length && same(order[start]!, order[i]!)) continue;
    if (i - start > 1) {
      order.subarray(start, i).sort((a, b) => compareCodeUnits(dict[a]!, dict[b]!));
    }
    start = i;
  }
}

/**
 * `rank[code]` = position of `dict[code - 1]` in code-unit order (0-based); `rank[0]` unused.
 * A comparator sort of a 1M-entry dictionary (`_id`, md5sum) takes ~1.5 s, so entries are
 * radix-sorted by their first 8 code units and only runs that tie on those are compared in
 * full (all of them in the worst case, e.g. long common prefixes).
 *
 * @example
 * rankDictionary(['b', 'a', 'c']) // Uint32Array [0, 1, 0, 2]
 */
export function rankDictionary(dict: readonly string[]): Uint32Array {
  const cached = rankCache.get(dict);
  if (cached) return cached;
  const words = prefixWords(dict);
  const order = radixOrder(words, dict.length);
  sortPrefixTies(order, words, dict);
  const rank = new Uint32Array(dict.length + 1);
  order.forEach((index, position) => {
    rank[index + 1] = position;
  });
  rankCache.set(dict, rank);
  return rank;
}

/** Two words per row, most significant first; see the module comment for the mapping. */
function numberWords(values: Float64Array, rows: Uint32Array, desc: boolean): Uint32Array[] {
  const n = rows.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const scratch = new Float64Array(1);
  const bits = new Uint32Array(scratch.buffer); // little-endian on every supported platform
  for (let i = 0; i < n; i++) {
    const v = values[rows[i]!]!;
    if (Number.isNaN(v)) {
      hi[i] = MISSING_WORD;
      lo[i] = MISSING_WORD;
      continue;
    }
    scratch[0] = v + 0; // -0 + 0 = +0: equal values must tie
    let h = bits[1]!;
    let l = bits[0]!;
    // Negative: invert all bits; positive: set the sign bit. Unsigned order = numeric order.
    if (h & 0x80000000) {
      h = ~h;
      l = ~l;
    } else h |= 0x80000000;
    // Real values never reach all-ones (that would be a NaN), so missing stays last.
    hi[i] = desc ? ~h >>> 0 : h >>> 0;
    lo[i] = desc ? ~l >>> 0 : l >>> 0;
  }
  return [hi, lo];
}

function textWords(column: TextColumn, rows: Uint32Array, desc: boolean): Uint32Array[] {
  const rank = rankDictionary(column.dict);
  const top = column.dict.length - 1;
  const word = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const code = column.codes[rows[i]!]!;
    const r = rank[code]!;
    word[i] = code === 0 ? MISSING_WORD : desc ? top - r : r;
  }
  return [word];
}

function keyWords(key: SortKey, rows: Uint32Array): Uint32Array[] {
  const desc = key.desc ?? false;
  const { column } = key;
  return column.kind === 'number'
    ? numberWords(column.values, rows, desc)
    : textWords(asText(column), rows, desc);
}

/**
 * One stable counting pass over 16 bits of `word`, from `perm` into `out`. Returns false
 * (and leaves `out` alone) when every row has the same digit, which skips the constant high
 * bits of typical IQMs and small dictionaries.
 */
function radixPass(
  perm: Uint32Array,
  word: Codes,
  shift: number,
  out: Uint32Array,
  counts: Uint32Array,
): boolean {
  const n = perm.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[(word[i]! >>> shift) & 0xffff]!++;
  let sum = 0;
  for (let d = 0; d < DIGITS; d++) {
    const c = counts[d]!;
    if (c === n) return false;
    counts[d] = sum;
    sum += c;
  }
  for (let i = 0; i < n; i++) {
    const p = perm[i]!;
    out[counts[(word[p]! >>> shift) & 0xffff]!++] = p;
  }
  return true;
}

/**
 * Positions 0..n-1 in the order of `words` (most significant first; `words[k][i]` = word k of
 * position i), stable: LSD radix sort, least significant word and digit first.
 *
 * @example
 * radixOrder([Uint32Array.of(2, 1, 2), Uint32Array.of(0, 5, 0)], 3) // Uint32Array [1, 0, 2]
 */
export function radixOrder(words: readonly Codes[], n: number): Uint32Array {
  let perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let out = new Uint32Array(n);
  const counts = new Uint32Array(DIGITS);
  for (let w = words.length - 1; w >= 0; w--) {
    for (const shift of [0, 16]) {
      if (radixPass(perm, words[w]!, shift, out, counts)) [perm, out] = [out, perm];
    }
  }
  return perm;
}

/**
 * `rows` reordered by `keys` (first key most significant). Stable: rows that tie on every
 * key keep their order in `rows`. Missing values sort last in both directions. Numbers sort
 * numerically, text by dictionary rank (code-unit order). `rows` is not modified.
 *
 * @example
 * const snr = fromDecoded([3, NaN, 1, 3]);
 * sortIndex(Uint32Array.of(0, 1, 2, 3), [{ column: snr }]) // [2, 0, 3, 1]
 * sortIndex(Uint32Array.of(0, 1, 2, 3), [{ column: snr, desc: true }]) // [0, 3, 2, 1]
 */
export function sortIndex(rows: Uint32Array, keys: readonly SortKey[]): Uint32Array {
  const perm = radixOrder(
    keys.flatMap((key) => keyWords(key, rows)),
    rows.length,
  );
  for (let i = 0; i < perm.length; i++) perm[i] = rows[perm[i]!]!;
  return perm;
}
