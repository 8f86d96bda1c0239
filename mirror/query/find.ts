import type { Collection, StoredDoc } from '../data/types.ts';
import { type IdSplit, splitIdRange } from './id-range.ts';
import { compileFilter } from './match.ts';
import { canonicalKey, collectionKey, LruCache } from './query-cache.ts';
import { compareSortValues, type SortSpec, sortValueOf } from './sort.ts';
import type { Filter } from './where.ts';

/**
 * One collection GET's database work: MongoDB's `find(filter, sort, skip, limit)` plus the
 * `count_documents(filter)` Eve runs on every request (eve-api.md 7). Built for 10^6 documents
 * whose `docAt` costs microseconds:
 * - `_id` range conditions become a window of positions (binary search, the `_id` index);
 * - the rest of the filter is evaluated once and cached as the sorted positions that match
 *   (extended, not rebuilt, when an insert only appended), so a count is two binary searches
 *   and a natural-order page is O(limit);
 * - other sorts cache the sorted permutation of the matches per collection version.
 */

export interface FindQuery {
  filter: Filter | null;
  sort: SortSpec | null;
  skip: number;
  limit: number;
}

export interface FindOptions {
  /**
   * Model of MongoDB's skip cost: it walks and discards every skipped document, so a deep
   * `page=N` costs O(skip). When > 0, find() busy-waits this many ns per skipped document.
   */
  skipCostNs?: number;
}

/** Below this many positions an uncached filter is evaluated on the `_id` window only. */
const NARROW_WINDOW = 2048;
/** Up to this many matches in an `_id` window are sorted directly rather than via the cache. */
const DIRECT_SORT_MAX = 50_000;

/**
 * The positions matching a filter, valid for one collection version. Uploads append ids
 * larger than every stored one, which leaves old positions unchanged: such an entry is
 * extended by scanning only the new documents.
 */
interface MatchEntry {
  byteLength: number;
  hits: Int32Array;
  version: number;
  size: number;
  lastId: string | null;
}

const matchCache = new LruCache<MatchEntry>(64, 256 * 1024 * 1024);
const orderCache = new LruCache<Int32Array>(32, 256 * 1024 * 1024);

/** Drops every cached result (tests, benchmarks). */
export function clearFindCache(): void {
  matchCache.clear();
  orderCache.clear();
}

/** Matching positions in ascending order: the k-th is `at(k)`. */
interface Matches {
  count: number;
  at(k: number): number;
}

/** First index in the sorted array whose value is >= target. */
function lowerIndex(sorted: Int32Array, target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function scan(
  coll: Collection,
  test: (doc: StoredDoc) => boolean,
  lo: number,
  hi: number,
): Int32Array {
  const hits = new Int32Array(hi - lo);
  let n = 0;
  for (let i = lo; i < hi; i++) if (test(coll.docAt(i))) hits[n++] = i;
  return hits.slice(0, n);
}

function matchKey(coll: Collection, rest: Filter): string {
  return `${collectionKey(coll, false)}|${canonicalKey(rest)}`;
}

/** Whether every document the entry saw is still at its position (only appends since). */
function onlyAppended(coll: Collection, entry: MatchEntry): boolean {
  if (coll.size < entry.size) return false;
  return entry.size === 0 || coll.idAt(entry.size - 1) === entry.lastId;
}

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The cached entry for `rest`, brought up to the collection's version; null when absent. */
function cachedMatches(coll: Collection, rest: Filter): Int32Array | null {
  const key = matchKey(coll, rest);
  const entry = matchCache.get(key);
  if (!entry) return null;
  if (entry.version === coll.version) return entry.hits;
  if (!onlyAppended(coll, entry)) return null;
  const added = scan(coll, compileFilter(rest), entry.size, coll.size);
  return remember(coll, key, concat(entry.hits, added));
}

function remember(coll: Collection, key: string, hits: Int32Array): Int32Array {
  const lastId = coll.size > 0 ? coll.idAt(coll.size - 1) : null;
  matchCache.set(key, {
    byteLength: hits.byteLength,
    hits,
    version: coll.version,
    size: coll.size,
    lastId,
  });
  return hits;
}

/** Every position matching `rest`, from the cache or by one full scan. */
function allMatches(coll: Collection, rest: Filter): Int32Array {
  return (
    cachedMatches(coll, rest) ??
    remember(coll, matchKey(coll, rest), scan(coll, compileFilter(rest), 0, coll.size))
  );
}

function windowOf(sorted: Int32Array, lo: number, hi: number): Matches {
  const from = lowerIndex(sorted, lo);
  const to = lowerIndex(sorted, hi);
  return { count: to - from, at: (k) => sorted[from + k] as number };
}

function matchesIn(coll: Collection, { lo, hi, rest }: IdSplit): Matches {
  if (rest === null) return { count: hi - lo, at: (k) => lo + k };
  const cached = cachedMatches(coll, rest);
  if (cached) return windowOf(cached, lo, hi);
  // A small window of a larger collection is cheaper to scan than the whole; a full window
  // costs the same either way, so it is cached.
  const partial = lo > 0 || hi < coll.size;
  if (partial && hi - lo <= NARROW_WINDOW)
    return windowOf(scan(coll, compileFilter(rest), lo, hi), lo, hi);
  return windowOf(allMatches(coll, rest), lo, hi);
}

/** Natural (= `_id`) order, or its reverse: MongoDB walks the `_id` index. */
function naturalPage(m: Matches, skip: number, limit: number, dir: 1 | -1): number[] {
  const page: number[] = [];
  for (let k = skip; k < m.count && page.length < limit; k++)
    page.push(m.at(dir === 1 ? k : m.count - 1 - k));
  return page;
}

/** Sorts positions by the spec's keys; equal keys keep position order (stable, like `_id`). */
function sortPositions(coll: Collection, positions: Int32Array, spec: SortSpec): Int32Array {
  const keys = spec.map(([path, dir]) => ({
    parts: path.split('.'),
    dir,
    values: new Array<unknown>(positions.length),
  }));
  positions.forEach((position, i) => {
    const doc = coll.docAt(position);
    for (const key of keys) key.values[i] = sortValueOf(doc, key.parts, key.dir);
  });
  const order = Int32Array.from(positions.keys());
  order.sort((a, b) => {
    for (const { values, dir } of keys) {
      const c = compareSortValues(values[a], values[b]);
      if (c !== 0) return c * dir;
    }
    return a - b;
  });
  return order.map((i) => positions[i] as number);
}

function materialize(m: Matches): Int32Array {
  const out = new Int32Array(m.count);
  for (let k = 0; k < m.count; k++) out[k] = m.at(k);
  return out;
}

/** The whole sorted permutation of the filter's matches, cached per (filter, sort). */
function sortedMatches(coll: Collection, split: IdSplit, spec: SortSpec): Int32Array {
  const key = `${collectionKey(coll, true)}|${canonicalKey(split.rest)}|${canonicalKey(spec)}`;
  let perm = orderCache.get(key);
  if (!perm) {
    const all = split.rest === null ? null : allMatches(coll, split.rest);
    const positions = all ?? Int32Array.from({ length: coll.size }, (_, i) => i);
    perm = sortPositions(coll, positions, spec);
    orderCache.set(key, perm);
  }
  return perm;
}

function sortedPage(
  coll: Collection,
  split: IdSplit,
  m: Matches,
  spec: SortSpec,
  q: FindQuery,
): number[] {
  const whole = split.lo === 0 && split.hi === coll.size;
  if (!whole && m.count <= DIRECT_SORT_MAX) {
    return [...sortPositions(coll, materialize(m), spec).subarray(q.skip, q.skip + q.limit)];
  }
  const perm = sortedMatches(coll, split, spec);
  if (whole) return [...perm.subarray(q.skip, q.skip + q.limit)];
  const page: number[] = [];
  let skipped = 0;
  for (const position of perm) {
    if (position < split.lo || position >= split.hi) continue;
    if (skipped++ < q.skip) continue;
    page.push(position);
    if (page.length >= q.limit) break;
  }
  return page;
}

/** Busy-waits `ns` per skipped document (MongoDB walks what it skips; eve-api.md 7). */
function chargeSkip(skipped: number, ns: number): void {
  if (ns <= 0 || skipped <= 0) return;
  const end = process.hrtime.bigint() + BigInt(Math.round(skipped * ns));
  while (process.hrtime.bigint() < end) {
    // spin: the cost is the point
  }
}

/** `_id` (unique) or `$natural` first decides the whole order: position order. */
function positionalDirection(sort: SortSpec | null): 1 | -1 | null {
  if (sort === null || sort.length === 0) return 1;
  const [path, dir] = sort[0] as [string, 1 | -1];
  return path === '_id' || path === '$natural' ? dir : null;
}

/**
 * Runs one query: the total count of matches and the documents of the requested page.
 * Throws EveServerError / EveBadRequest from compileFilter for filters MongoDB rejects.
 *
 * @example
 * const { total, docs } = find(coll, { filter: { size_x: { $gt: 32 } }, sort: [['_id', 1]], skip: 0, limit: 50 });
 */
export function find(
  coll: Collection,
  q: FindQuery,
  opts: FindOptions = {},
): { total: number; docs: StoredDoc[] } {
  // MongoDB validates the whole filter before it uses any index.
  if (q.filter !== null) compileFilter(q.filter);
  const split = splitIdRange(coll, q.filter);
  const matches = matchesIn(coll, split);
  const skip = Math.max(0, q.skip);
  const limit = Math.max(0, q.limit);
  const dir = positionalDirection(q.sort);
  const page =
    dir !== null
      ? naturalPage(matches, skip, limit, dir)
      : sortedPage(coll, split, matches, q.sort as SortSpec, { ...q, skip, limit });
  chargeSkip(Math.min(skip, matches.count), opts.skipCostNs ?? 0);
  return { total: matches.count, docs: page.map((position) => coll.docAt(position)) };
}
