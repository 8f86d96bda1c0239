import { asText, type Codes, type Column } from './column.ts';
import { createdTimeOf } from './created-time.ts';
import { radixOrder } from './sort.ts';

/**
 * Duplicate detection, as the notebooks do with `drop_duplicates(subset=...)`, but without
 * dropping anything: every row gets its group, the group's size and whether it is the kept
 * upload, and the views are index arrays over the same rows.
 *
 * Records without an md5sum are never duplicates of each other (pandas would lump all NaN
 * keys into one group and drop all but one): each is its own group of one, kept and counted.
 * A missing `provenance.version` is just another version value in the md5sum+version mode.
 */

/** `md5sum`: key `provenance.md5sum`; `md5sum+version`: also `provenance.version`. */
export type DedupKey = 'md5sum' | 'md5sum+version';

/** Which upload of a group is kept, by `_created` (ties and missing dates: see {@link dedupRows}). */
export type DedupKeep = 'first' | 'last';

export interface DedupInput {
  readonly rowCount: number;
  /** `provenance.md5sum`; absent when no record has one (then every row is `missingKey`). */
  readonly md5sum?: Column;
  readonly version?: Column;
  readonly created?: Column;
}

export interface DedupSummary {
  readonly total: number;
  /** Rows in the unique view: one per md5sum key, plus every row without an md5sum. */
  readonly unique: number;
  /** Distinct keys among rows that have an md5sum (`unique - missingKey`). */
  readonly distinctKeys: number;
  /** Rows in groups of two or more, kept ones included (the duplicates view). */
  readonly duplicateRows: number;
  readonly duplicateGroups: number;
  readonly missingKey: number;
}

export interface DedupResult {
  /** Per row: its group (0-based, numbered in order of first appearance). */
  readonly groupId: Uint32Array;
  /** How many rows share `row`'s key (1 = no duplicates). */
  sizeOf(row: number): number;
  /** Per row: 1 if this is the upload the unique view keeps. */
  readonly isKept: Uint8Array;
  /**
   * Members of group g, in row order: `groupRows.subarray(groupStart[g], groupStart[g + 1])`.
   * These and the three views below are built on first use.
   */
  readonly groupStart: Uint32Array;
  readonly groupRows: Uint32Array;
  /** Views as ascending row indices. */
  readonly all: Uint32Array;
  readonly unique: Uint32Array;
  readonly duplicates: Uint32Array;
  readonly summary: DedupSummary;
}

/** Per row, the md5sum code (0 = missing) and the version code (0 when not part of the key). */
function rowKeys(input: DedupInput, key: DedupKey): [md5: Codes, version: Codes] {
  const n = input.rowCount;
  const md5 = input.md5sum ? asText(input.md5sum).codes : new Uint32Array(n);
  const version =
    key === 'md5sum+version' && input.version ? asText(input.version).codes : new Uint32Array(n);
  return [md5, version];
}

/**
 * Group ids numbered by first appearance; key-less rows each get a fresh group. Rows are
 * radix-sorted by key so equal keys are adjacent (a Map of ~1M keys costs several hundred ms
 * and churns the GC), then provisional ids are renumbered in row order.
 */
function assignGroups(md5: Codes, version: Codes) {
  const n = md5.length;
  const order = radixOrder([md5, version], n);
  const provisional = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const row = order[i]!;
    const prev = i > 0 ? order[i - 1]! : -1;
    const same =
      prev >= 0 && md5[row] !== 0 && md5[row] === md5[prev] && version[row] === version[prev];
    provisional[row] = same ? count - 1 : count++;
  }
  const renumber = new Int32Array(count).fill(-1);
  const groupId = new Uint32Array(n);
  let groups = 0;
  for (let row = 0; row < n; row++) {
    const p = provisional[row]!;
    if (renumber[p] === -1) renumber[p] = groups++;
    groupId[row] = renumber[p]!;
  }
  return { groupId, groups };
}

/**
 * Per group, the kept row. `first` keeps the earliest `_created`, `last` the latest; equal
 * dates go to the earlier row for `first` and the later row for `last` (what a stable sort by
 * `_created` then `drop_duplicates(keep=...)` gives). A missing or unreadable date never beats
 * a real one; if no row of a group has a date, row order decides.
 */
function pickKept(
  groupId: Uint32Array,
  groupStart: Uint32Array,
  timeOf: (row: number) => number,
  keep: DedupKeep,
) {
  const groups = groupStart.length - 1;
  const kept = new Int32Array(groups).fill(-1);
  const keptTime = new Float64Array(groups);
  const absent = keep === 'first' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (let row = 0; row < groupId.length; row++) {
    const g = groupId[row]!;
    // Most scans were uploaded once: their dates needn't be read (or parsed) at all.
    if (groupStart[g + 1]! - groupStart[g]! === 1) {
      kept[g] = row;
      continue;
    }
    const raw = timeOf(row);
    const t = Number.isNaN(raw) ? absent : raw;
    const better = keep === 'first' ? t < keptTime[g]! : t >= keptTime[g]!;
    if (kept[g] === -1 || better) {
      kept[g] = row;
      keptTime[g] = t;
    }
  }
  return kept;
}

/** Group g's rows are `groupStart[g]`…`groupStart[g + 1]` of a counting sort by group. */
function groupOffsets(groupId: Uint32Array, groups: number): Uint32Array {
  const groupStart = new Uint32Array(groups + 1);
  for (let row = 0; row < groupId.length; row++) groupStart[groupId[row]! + 1]!++;
  for (let g = 0; g < groups; g++) groupStart[g + 1]! += groupStart[g]!;
  return groupStart;
}

/**
 * The result from each row's group and whether it is the kept one. Only the group sizes and the
 * summary are computed here (one pass over the rows, one over the groups): the row lists are
 * each built on first use. Opening a 1M table reads one of the three views and the sizes of
 * the ~30 rows it shows; allocating and filling the rest up front (~20 MB of fresh arrays) cost
 * ~100–180 ms of the first paint in the browser.
 */
function assemble(
  groupId: Uint32Array,
  groups: number,
  isKept: Uint8Array,
  missingKey: number,
  /** Group sizes and kept rows when the caller counted them already. */
  counted?: Uint32Array,
  kept?: number,
): DedupResult {
  const n = groupId.length;
  const counts = counted ?? new Uint32Array(groups);
  if (!counted) for (let row = 0; row < n; row++) counts[groupId[row]!]!++;
  let uniqueRows = kept ?? -1;
  let duplicateRows = 0;
  let duplicateGroups = 0;
  for (let g = 0; g < groups; g++) {
    const size = counts[g]!;
    if (size > 1) {
      duplicateRows += size;
      duplicateGroups++;
    }
  }
  if (uniqueRows < 0) {
    uniqueRows = 0;
    for (let row = 0; row < n; row++) uniqueRows += isKept[row]!;
  }
  const summary: DedupSummary = {
    total: n,
    unique: uniqueRows,
    distinctKeys: uniqueRows - missingKey,
    duplicateRows,
    duplicateGroups,
    missingKey,
  };
  const sizeOf = (row: number) => counts[groupId[row]!]!;
  const once = <T>(make: () => T): (() => T) => {
    let made: T | undefined;
    return () => {
      made ??= make();
      return made;
    };
  };
  const groupStart = once(() => {
    const start = new Uint32Array(groups + 1);
    for (let g = 0; g < groups; g++) start[g + 1] = start[g]! + counts[g]!;
    return start;
  });
  const groupRows = once(() => {
    const next = groupStart().slice(0, groups);
    const rows = new Uint32Array(n);
    for (let row = 0; row < n; row++) rows[next[groupId[row]!]!++] = row;
    return rows;
  });
  const all = once(() => {
    const rows = new Uint32Array(n);
    for (let row = 0; row < n; row++) rows[row] = row;
    return rows;
  });
  /** The `count` rows that pass `test`, ascending. */
  const rowsWhere = (count: number, test: (row: number) => boolean) =>
    once(() => {
      const rows = new Uint32Array(count);
      for (let row = 0, at = 0; row < n; row++) if (test(row)) rows[at++] = row;
      return rows;
    });
  const unique = rowsWhere(uniqueRows, (row) => isKept[row] !== 0);
  const duplicates = rowsWhere(duplicateRows, (row) => sizeOf(row) > 1);
  return {
    groupId,
    isKept,
    sizeOf,
    summary,
    get groupStart() {
      return groupStart();
    },
    get groupRows() {
      return groupRows();
    },
    get all() {
      return all();
    },
    get unique() {
      return unique();
    },
    get duplicates() {
      return duplicates();
    },
  };
}

function countMissing(md5: Codes): number {
  let missing = 0;
  for (const code of md5) if (code === 0) missing++;
  return missing;
}

/**
 * Groups rows by md5sum (or md5sum + version) and picks one upload per group by `_created`.
 *
 * @example
 * const r = dedupRows(
 *   { rowCount: 3, md5sum: fromDecoded(['a', undefined, 'a']) },
 *   { key: 'md5sum', keep: 'first' },
 * );
 * [0, 1, 2].map(r.sizeOf) // [2, 1, 2]
 * r.unique // [0, 1]; r.duplicates // [0, 2]
 * r.summary // { total: 3, unique: 2, distinctKeys: 1, duplicateRows: 2, duplicateGroups: 1, missingKey: 1 }
 */
export function dedupRows(
  input: DedupInput,
  options: { key?: DedupKey; keep?: DedupKeep } = {},
): DedupResult {
  const [md5, version] = rowKeys(input, options.key ?? 'md5sum');
  const { groupId, groups } = assignGroups(md5, version);
  const groupStart = groupOffsets(groupId, groups);
  const timeOf = input.created ? createdTimeOf(input.created) : () => Number.NaN;
  const kept = pickKept(groupId, groupStart, timeOf, options.keep ?? 'first');
  const isKept = new Uint8Array(md5.length);
  for (const row of kept) isKept[row] = 1;
  return assemble(groupId, groups, isKept, countMissing(md5));
}

const KEPT_SEEN = 1;
const KEY_LESS = 2;

/** Bits of {@link DedupIndex} `flags`. */
export const KEPT_FIRST = 1;
export const KEPT_LAST = 2;
export const NO_KEY = 4;

/**
 * The dedup of a dataset by one key as two plain arrays, for both `keep` modes: what the
 * compactor stores beside a dataset's segments, so opening a 1M table (or changing its key)
 * reads 5 MB instead of the md5sum (16 MB of digests to code) and sorts nothing.
 */
export interface DedupIndex {
  /** Per row: its group, numbered in order of first appearance (as {@link dedupRows}). */
  readonly groupId: Uint32Array;
  /** Per row: KEPT_FIRST / KEPT_LAST when `keep` first / last keeps it; NO_KEY: no md5sum. */
  readonly flags: Uint8Array;
}

/**
 * The index of `input` by `key` (default md5sum).
 *
 * @example
 * const index = dedupIndex({ rowCount: 3, md5sum: fromDecoded(['a', undefined, 'a']) });
 * index.groupId // [0, 1, 0]; index.flags // [KEPT_FIRST, KEPT_FIRST | KEPT_LAST | NO_KEY, KEPT_LAST]
 */
export function dedupIndex(input: DedupInput, key: DedupKey = 'md5sum'): DedupIndex {
  const [md5, version] = rowKeys(input, key);
  const { groupId, groups } = assignGroups(md5, version);
  const groupStart = groupOffsets(groupId, groups);
  const timeOf = input.created ? createdTimeOf(input.created) : () => Number.NaN;
  const first = pickKept(groupId, groupStart, timeOf, 'first');
  const last = pickKept(groupId, groupStart, timeOf, 'last');
  const flags = new Uint8Array(md5.length);
  for (let row = 0; row < md5.length; row++) {
    const g = groupId[row]!;
    flags[row] =
      (first[g] === row ? KEPT_FIRST : 0) |
      (last[g] === row ? KEPT_LAST : 0) |
      (md5[row] === 0 ? NO_KEY : 0);
  }
  return { groupId, flags };
}

/**
 * What {@link dedupRows} gives for the index's key and `keep`, from a stored index; null when the
 * index cannot be one {@link dedupIndex} wrote (ids not in first-appearance order, a group
 * without exactly one kept row, a key-less row sharing its group): then the caller computes
 * the dedup from the columns, so a damaged file costs time, never a wrong count.
 *
 * @example
 * dedupFromIndex(dedupIndex(input), 'last') // deep-equals dedupRows(input, { keep: 'last' })
 */
export function dedupFromIndex(index: DedupIndex, keep: DedupKeep): DedupResult | null {
  const { groupId, flags } = index;
  const n = groupId.length;
  if (flags.length !== n) return null;
  const bit = keep === 'first' ? KEPT_FIRST : KEPT_LAST;
  // One pass over the rows, checking as it counts: each pass over 1M rows and each megabyte of
  // fresh array touched cost tens of milliseconds of a table's first paint in the browser. Ids
  // are < row + 1, so n entries are enough; only the first `groups` of them are written.
  const counts = new Uint32Array(n);
  // Per group: KEPT_SEEN once its kept row was seen, KEY_LESS when a key-less row opened it.
  const seen = new Uint8Array(n);
  const isKept = new Uint8Array(n);
  let groups = 0;
  let missingKey = 0;
  let keptRows = 0;
  for (let row = 0; row < n; row++) {
    const g = groupId[row]!;
    const f = flags[row]!;
    if (g === groups) {
      groups++;
      if (f & NO_KEY) seen[g] = KEY_LESS;
    } else if (g > groups || f & NO_KEY || seen[g]! & KEY_LESS) {
      // Not in first-appearance order, or a key-less row sharing a group.
      return null;
    }
    counts[g]!++;
    if (f & NO_KEY) missingKey++;
    if (!(f & bit)) continue;
    if (seen[g]! & KEPT_SEEN) return null;
    seen[g]! |= KEPT_SEEN;
    isKept[row] = 1;
    keptRows++;
  }
  if (keptRows !== groups) return null;
  return assemble(groupId, groups, isKept, missingKey, counts.subarray(0, groups), keptRows);
}
