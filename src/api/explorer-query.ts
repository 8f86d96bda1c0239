import {
  buildCollectionUrl,
  isModality,
  MODALITIES,
  type Modality,
  normalizeApiBase,
  type RecordQuery,
} from './eve-url.ts';
import { filterRef, LONG_FILTER_CHARS } from './filter-ref.ts';
import { parseFieldFilter, stableStringify } from './where.ts';

/**
 * The app's query, which lives in the page URL (DESIGN.md "The query is the URL"):
 * `?source=<api base>&modality=T1w&software=mriqc&versions=22.0.6,23.1.0&where=<json>`.
 */
export interface ExplorerQuery {
  source: string;
  modality: Modality;
  /** Empty means any software. As typed (untrimmed): trimmed when the query is used. */
  software: string;
  /** Empty means every version. Trimmed, without repeats, in the user's order. */
  versions: string[];
  /** The field filter exactly as typed (possibly invalid), so a reload restores it. */
  where: string;
  /**
   * Set only while the URL names a long filter (`whereRef=`, see filter-ref.ts) that this
   * browser has not found: `where` is then empty and the query unusable until it is found.
   */
  whereRef?: string;
  /** Params owned by other features (dedup, keep, view, …), kept as found, in order. */
  extra: [string, string][];
}

export interface QueryDefaults {
  source: string;
  modality: Modality;
  software: string;
}

const KNOWN = new Set(['source', 'modality', 'software', 'versions', 'where', 'whereRef']);

/** Finds the text of a long filter by its reference (the page's store of them), if held. */
export type FilterLookup = (ref: string) => string | undefined;

/**
 * Reads the query from `location.search`. Missing or unusable values take the defaults; a
 * repeated param counts once, first occurrence first (as Eve reads its own params).
 * @example parseQuery('?modality=bold&versions=23.1.0,22.0.6', defaults).versions // ['23.1.0', '22.0.6']
 */
export function parseQuery(
  search: string,
  defaults: QueryDefaults,
  lookupFilter: FilterLookup = () => undefined,
): ExplorerQuery {
  const params = new URLSearchParams(search);
  const source = params.get('source')?.trim();
  const modality = params.get('modality')?.trim() ?? '';
  const extra: [string, string][] = [];
  params.forEach((value, key) => {
    if (!KNOWN.has(key)) extra.push([key, value]);
  });
  return {
    source: normalizeApiBase(source || defaults.source),
    modality: matchModality(modality) ?? defaults.modality,
    // Kept as typed: trimming here would eat the space a user is typing between two words.
    software: params.get('software') ?? defaults.software,
    versions: cleanVersions((params.get('versions') ?? '').split(',')),
    ...readWhere(params, lookupFilter),
    extra,
  };
}

/** `where=` as written, else the text `whereRef=` names, else the reference left unresolved. */
function readWhere(
  params: URLSearchParams,
  lookupFilter: FilterLookup,
): Pick<ExplorerQuery, 'where' | 'whereRef'> {
  const where = params.get('where');
  const ref = params.get('whereRef')?.trim();
  if (where !== null || !ref) return { where: where ?? '' };
  const found = lookupFilter(ref);
  return found === undefined ? { where: '', whereRef: ref } : { where: found };
}

/**
 * The filter would make the address too long: the address carries its reference instead.
 * @example isLongFilter('{"size_x": 256}') // false
 */
export function isLongFilter(where: string): boolean {
  return encodeReadable(where).length > LONG_FILTER_CHARS;
}

/**
 * The search string for a query: known params in a fixed order, then the others as they came.
 * `software=` is written even when empty, since absent means "the default, mriqc".
 * @example serializeQuery(q) // '?source=http://127.0.0.1:5174/api/v1&modality=T1w&software=mriqc&versions=22.0.6,23.1.0'
 */
export function serializeQuery(
  query: ExplorerQuery,
  /**
   * For the address bar: a long filter is written as `whereRef=<reference>` (the caller keeps
   * its text where `parseQuery`'s lookup finds it). Stored queries keep the text itself.
   */
  { shortWhere = false }: { shortWhere?: boolean } = {},
): string {
  const pairs: [string, string][] = [
    ['source', normalizeApiBase(query.source)],
    ['modality', query.modality],
    ['software', query.software],
  ];
  const versions = cleanVersions(query.versions);
  if (versions.length > 0) pairs.push(['versions', versions.join(',')]);
  if (query.where.trim()) {
    pairs.push(
      shortWhere && isLongFilter(query.where)
        ? ['whereRef', filterRef(query.where)]
        : ['where', query.where],
    );
  } else if (query.whereRef) pairs.push(['whereRef', query.whereRef]);
  pairs.push(...query.extra);
  return `?${pairs.map(([key, value]) => `${encodeReadable(key)}=${encodeReadable(value)}`).join('&')}`;
}

/**
 * One string per distinct set of records, used to name the query's dataset: sorted keys, versions
 * sorted and deduplicated, the filter re-serialised with sorted keys. View params (dedup, keep,
 * view) are left out: they change how records are shown, not which records are fetched.
 * @example canonicalQueryKey({...q, versions: ['b', 'a', 'b']}) === canonicalQueryKey({...q, versions: ['a', 'b']}) // true
 */
export function canonicalQueryKey(query: ExplorerQuery): string {
  const filter = parseFieldFilter(query.where);
  // A filter not found is not "no filter": it must never name the unfiltered dataset.
  const where = query.whereRef
    ? `whereRef:${query.whereRef}`
    : filter.type === 'valid'
      ? stableStringify(filter.where)
      : filter.type === 'empty'
        ? ''
        : query.where.trim();
  return stableStringify({
    modality: query.modality,
    software: query.software.trim(),
    source: normalizeApiBase(query.source),
    versions: cleanVersions(query.versions).sort(),
    where,
  });
}

/**
 * The records part of the query, ready for `buildCollectionUrl`, or why the filter is unusable.
 * @example toRecordQuery({...q, where: '{"size_x": 256}'}) // {type: 'valid', query: {software, versions, filter: {size_x: 256}}}
 */
export function toRecordQuery(
  query: ExplorerQuery,
): { type: 'valid'; query: RecordQuery } | { type: 'invalid'; message: string } {
  if (query.whereRef) return { type: 'invalid', message: MISSING_FILTER };
  const filter = parseFieldFilter(query.where);
  if (filter.type === 'invalid') return filter;
  return {
    type: 'valid',
    query: {
      software: query.software.trim(),
      versions: cleanVersions(query.versions),
      filter: filter.type === 'valid' ? filter.where : null,
    },
  };
}

export const MISSING_FILTER =
  'This link names a long field filter that is kept in the browser that made the link, and this browser does not hold it. Paste the filter itself into the box, or ask whoever sent the link for it.';

/**
 * The deployed server (gunicorn) refuses request lines over 4094 bytes with an HTML 400 that
 * carries no CORS headers, so the browser would report only a network error, retried in vain.
 */
export const REQUEST_LINE_LIMIT = 4094;

/** A keyset partition's `_id` bounds, the longest condition the download adds to a query. */
const KEYSET_BOUNDS = { _id: { $gt: '0'.repeat(24), $lte: 'f'.repeat(24) } };

/**
 * Why the query's requests would be too long for the server, or null when they fit: measured on
 * the longest request the download sends (the query plus keyset bounds, page and sort).
 * @example requestTooLong({...q, versions: Array.from({length: 400}, (_, i) => `v${i}.0.0`)}) // 'The query is too long …'
 */
export function requestTooLong(query: ExplorerQuery): string | null {
  const records = toRecordQuery(query);
  if (records.type === 'invalid') return null;
  const filter = { ...records.query.filter, ...KEYSET_BOUNDS };
  let url: URL;
  try {
    url = new URL(
      buildCollectionUrl(
        query.source,
        query.modality,
        { ...records.query, filter },
        {
          maxResults: 50,
          page: 9999,
          sort: '_id',
        },
      ),
    );
  } catch {
    return null; // not a URL: the source check says so
  }
  const line = `GET ${url.pathname}${url.search} HTTP/1.1`.length;
  if (line <= REQUEST_LINE_LIMIT) return null;
  return `The query is too long for the server: its requests would be ${line.toLocaleString('en-US')} characters, and the API accepts at most ${REQUEST_LINE_LIMIT.toLocaleString('en-US')}. Choose fewer versions (none means every version) or shorten the field filter.`;
}

/** Trimmed, non-empty, first occurrence kept. */
export function cleanVersions(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))];
}

function matchModality(value: string): Modality | undefined {
  if (isModality(value)) return value;
  // Routes are case-sensitive on the server, but a hand-typed `modality=t1w` clearly means T1w.
  return MODALITIES.find((modality) => modality.toLowerCase() === value.toLowerCase());
}

/** encodeURIComponent, but leaving `,` `:` `/` as they are: legal in a query and easier to read. */
function encodeReadable(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2C/gi, ',')
    .replace(/%3A/gi, ':')
    .replace(/%2F/gi, '/');
}
