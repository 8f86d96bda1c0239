import { EveServerError } from '../query/errors.ts';
import { pyFloat, pyInt } from '../query/python/python-text.ts';
import { groupPairs, parseQueryPairs } from './query-string.ts';

/** Eve's PAGINATION_DEFAULT: used when max_results is absent or invalid, and never echoed. */
export const PAGINATION_DEFAULT = 25;

/** The query parameters of a collection (or item) GET, as Eve reads them (eve-api.md 2.1). */
export interface CollectionParams {
  /** Decoded raw values, '' when absent; the first occurrence wins. */
  where: string;
  sort: string;
  projection: string;
  /** Effective values (eve-api.md 2.5, 2.6), max_results clamped to the page limit. */
  maxResults: number;
  page: number;
  /** Every other param, grouped by name in order of first appearance, echoed into links. */
  unknown: Array<[string, string]>;
}

/** Params Eve consumes and never echoes as "other params" (eve get.py `_other_params`). */
const CONSUMED = new Set([
  'where',
  'sort',
  'page',
  'max_results',
  'embedded',
  'projection',
  'version',
]);

const INT64_MAX = (1n << 63n) - 1n;

/**
 * `int(float(max_results))`, 25 when that fails or is ≤ 0, then the clamp (eve-api.md 2.5).
 * `inf` (also `1e400`, `-inf`) makes `int()` raise OverflowError, which Eve does not catch.
 */
function readMaxResults(raw: string | undefined, pageLimit: number): number {
  if (raw === undefined) return Math.min(PAGINATION_DEFAULT, pageLimit);
  const value = pyFloat(raw);
  if (value !== null && !Number.isNaN(value) && !Number.isFinite(value)) {
    throw new EveServerError(`max_results=${raw}: int() of an infinite float`);
  }
  const truncated = value === null || Number.isNaN(value) ? 0 : Math.trunc(value);
  const effective = truncated > 0 ? truncated : PAGINATION_DEFAULT;
  return Math.min(effective, pageLimit);
}

/** `abs(int(page)) or 1`; a value `int()` rejects leaves page 1 (eve-api.md 2.6). */
function readPage(raw: string | undefined, maxResults: number): number {
  const parsed = raw === undefined ? null : pyInt(raw);
  if (parsed === null) return 1;
  const page = parsed < 0n ? -parsed : parsed;
  if (page === 0n) return 1;
  // pymongo cannot encode a skip beyond int64; the real server fails later, at the cursor.
  if ((page - 1n) * BigInt(maxResults) > INT64_MAX) {
    throw new EveServerError(`page=${raw}: skip does not fit in int64`);
  }
  return Number(page);
}

/**
 * Reads a raw query string (without `?`) the way Eve's `parse_request` does.
 *
 * @example
 * readCollectionParams('max_results=1000&page=-2&foo=a%20b&foo=c', 50)
 * // { where: '', sort: '', projection: '', maxResults: 50, page: 2,
 * //   unknown: [['foo', 'a b'], ['foo', 'c']] }
 */
export function readCollectionParams(
  query: string,
  pageLimit: number,
  opts: { aggregateIsKnown?: boolean } = {},
): CollectionParams {
  const groups = groupPairs(parseQueryPairs(query));
  const first = (name: string): string | undefined => groups.get(name)?.[0];
  const maxResults = readMaxResults(first('max_results'), pageLimit);
  const page = readPage(first('page'), maxResults);
  const unknown: Array<[string, string]> = [];
  for (const [name, values] of groups) {
    if (CONSUMED.has(name)) continue;
    // On rating_counts `aggregate` is the aggregation placeholder, elsewhere just another param.
    if (name === 'aggregate' && opts.aggregateIsKnown) continue;
    for (const value of values) unknown.push([name, value]);
  }
  return {
    where: first('where') ?? '',
    sort: first('sort') ?? '',
    projection: first('projection') ?? '',
    maxResults,
    page,
    unknown,
  };
}

/**
 * Q(p) of eve-api.md 3.2, exactly as Eve's `querydef` builds it: the parts joined, leading
 * `&`s stripped, `?` prefixed, trailing `?`s stripped. Values are inserted verbatim.
 *
 * @example
 * buildLinkQuery({ ...params, maxResults: 2, where: '{"a":1}', sort: '-x' }, 3)
 * // '?max_results=2&where={"a":1}&sort=-x&page=3'
 */
export function buildLinkQuery(p: CollectionParams, page: number): string {
  let joined = p.maxResults !== PAGINATION_DEFAULT ? `max_results=${p.maxResults}` : '';
  if (p.where) joined += `&where=${p.where}`;
  if (p.sort) joined += `&sort=${p.sort}`;
  if (page > 1) joined += `&page=${page}`;
  for (const [name, value] of p.unknown) joined += `&${name}=${value}`;
  return `?${joined.replace(/^&+/, '')}`.replace(/\?+$/, '');
}

export interface Link {
  title: string;
  href: string;
}

const HOME: Link = { title: 'home', href: '/' };

/**
 * A collection's `_links` (eve-api.md 3.2): parent, self, next, last, prev in that key order.
 * `self` is the bare resource when total is 0; `prev` exists whenever page > 1.
 *
 * @example
 * buildCollectionLinks('bold', readCollectionParams('', 50), 30)
 * // { parent: {title:'home', href:'/'}, self: {title:'bold', href:'bold'},
 * //   next: {title:'next page', href:'bold?page=2'}, last: {title:'last page', href:'bold?page=2'} }
 */
export function buildCollectionLinks(
  resource: string,
  p: CollectionParams,
  total: number,
): Record<string, Link> {
  const links: Record<string, Link> = {
    parent: { ...HOME },
    self: { title: resource, href: total ? resource + buildLinkQuery(p, p.page) : resource },
  };
  if (p.page * p.maxResults < total) {
    links.next = { title: 'next page', href: resource + buildLinkQuery(p, p.page + 1) };
    const last = Math.ceil(total / p.maxResults);
    links.last = { title: 'last page', href: resource + buildLinkQuery(p, last) };
  }
  if (p.page > 1) {
    links.prev = { title: 'previous page', href: resource + buildLinkQuery(p, p.page - 1) };
  }
  return links;
}

/**
 * An item's `_links` (eve-api.md 6): self, parent, collection. Eve builds them with its
 * pagination helper, so `?page=N` (N > 1) on an item also adds a `prev` link to the item
 * itself with page N−1 (eve get.py `_pagination_links` with a document id).
 *
 * @example
 * buildItemLinks('bold', 'bold', '59cfad7f0000000000000007', readCollectionParams('', 50))
 * // { self: {title:'bold', href:'bold/59cf…07'}, parent: {title:'home', href:'/'},
 * //   collection: {title:'bold', href:'bold'} }
 */
export function buildItemLinks(
  resource: string,
  itemTitle: string,
  idHex: string,
  p: CollectionParams,
): Record<string, Link> {
  const self = `${resource}/${idHex}`;
  const links: Record<string, Link> = {
    self: { title: itemTitle, href: self },
    parent: { ...HOME },
    collection: { title: resource, href: resource + buildLinkQuery(p, p.page) },
  };
  if (p.page > 1) {
    links.prev = { title: 'previous page', href: self + buildLinkQuery(p, p.page - 1) };
  }
  return links;
}
