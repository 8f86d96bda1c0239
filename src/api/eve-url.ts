import type { WhereObject } from './where.ts';

/** The collections of MRIQC image-quality metrics (routes are case-sensitive). */
export const MODALITIES = ['T1w', 'T2w', 'bold'] as const;
export type Modality = (typeof MODALITIES)[number];

export function isModality(value: string): value is Modality {
  return (MODALITIES as readonly string[]).includes(value);
}

/** What records to ask for; empty software or versions mean "any". */
export interface RecordQuery {
  software: string;
  versions: readonly string[];
  /** The user's own field filter, already checked by `parseFieldFilter`. */
  filter?: WhereObject | null;
}

export interface PageOptions {
  /** Asked-for page size; the server clamps it (read the effective size from `_meta`). */
  maxResults?: number;
  page?: number;
  /** Defaults to `_id`: a unique, stable order, so pages neither overlap nor skip (eve-api §2.7). */
  sort?: string;
  /** An extra condition ANDed with the query, e.g. a keyset `{"_id": {"$gt": "…"}}`. */
  where?: WhereObject;
}

/**
 * The collection URL for one page. `where` is sent as one MongoDB-JSON object, and the whole value
 * goes through encodeURIComponent: a raw `&`, `+`, `#` or `%` silently changes the query (eve-api §8).
 * @example buildCollectionUrl('https://mriqc.nimh.nih.gov/api/v1', 'T1w',
 *   {software: 'mriqc', versions: ['23.1.0']}, {maxResults: 50, page: 2})
 *   // 'https://mriqc.nimh.nih.gov/api/v1/T1w?where=%7B%22provenance.software%22…&sort=_id&max_results=50&page=2'
 */
export function buildCollectionUrl(
  base: string,
  modality: Modality,
  query: RecordQuery,
  options: PageOptions = {},
): string {
  const { where: extra, ...page } = options;
  return buildPageUrl(base, modality, { where: buildWhere(query, extra), ...page });
}

/** One page's request for a `where` that is already whole (see `buildWhere`). */
export interface PageQuery {
  /** null = every record. */
  where: WhereObject | null;
  /** Defaults to `_id` (see PageOptions.sort). */
  sort?: string | undefined;
  maxResults?: number | undefined;
  page?: number | undefined;
  /** Fields to return (Eve adds `_id` and its meta fields): a sample of one field stays small. */
  projection?: Record<string, 0 | 1> | undefined;
}

/**
 * The collection URL for one page of a complete `where`, e.g. the download engine's keyset
 * requests, which already hold the query's conditions and their `_id` bounds.
 * @example buildPageUrl(base, 'T1w', {where: {_id: {$gt: '59cf…'}}, maxResults: 50})
 *   // '…/T1w?where=%7B%22_id%22%3A%7B%22%24gt%22%3A%2259cf…%22%7D%7D&sort=_id&max_results=50'
 */
export function buildPageUrl(base: string, modality: Modality, query: PageQuery): string {
  const params: string[] = [];
  if (query.where) params.push(`where=${encodeURIComponent(JSON.stringify(query.where))}`);
  params.push(`sort=${encodeURIComponent(query.sort ?? '_id')}`);
  if (query.maxResults !== undefined) {
    params.push(`max_results=${positiveInteger('maxResults', query.maxResults)}`);
  }
  if (query.page !== undefined) params.push(`page=${positiveInteger('page', query.page)}`);
  if (query.projection) {
    params.push(`projection=${encodeURIComponent(JSON.stringify(query.projection))}`);
  }
  return `${collectionRoot(base, modality)}?${params.join('&')}`;
}

/**
 * The cheapest request that proves a source answers and tells its size: one record, no filter.
 * (HEAD needs a token on this API, so probing uses GET.)
 * @example buildProbeUrl('http://127.0.0.1:5174/api/v1/', 'bold') // 'http://127.0.0.1:5174/api/v1/bold?max_results=1'
 */
export function buildProbeUrl(base: string, modality: Modality): string {
  return `${collectionRoot(base, modality)}?max_results=1`;
}

/**
 * One filter document for the query: software and versions (all versions in one `$in`, not one
 * request per version), then the user's filter and the extra condition. The parts are merged
 * into one object when their keys differ, and combined with `$and` only when a key repeats.
 * @example buildWhere({software: 'mriqc', versions: ['22.0.6', '23.1.0']})
 *   // {'provenance.software': 'mriqc', 'provenance.version': {$in: ['22.0.6', '23.1.0']}}
 */
export function buildWhere(query: RecordQuery, extra?: WhereObject): WhereObject | null {
  const parts: WhereObject[] = [];
  const software = query.software.trim();
  if (software) parts.push({ 'provenance.software': software });
  const versions = uniqueTrimmed(query.versions);
  if (versions.length > 0) parts.push({ 'provenance.version': { $in: versions } });
  for (const part of [query.filter, extra]) {
    if (part && Object.keys(part).length > 0) parts.push(part);
  }
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0] ?? null;
  const entries = parts.flatMap((part) => Object.entries(part));
  if (new Set(entries.map(([key]) => key)).size < entries.length) return { $and: parts };
  // Defined as data, never assigned: Object.assign would turn a `__proto__` key into the
  // merged object's prototype and drop the condition silently.
  return Object.fromEntries(entries);
}

/** An API base without trailing slashes, so `${base}/${modality}` is always one slash. */
export function normalizeApiBase(base: string): string {
  return base.trim().replace(/\/+$/, '');
}

function collectionRoot(base: string, modality: Modality): string {
  return `${normalizeApiBase(base)}/${modality}`;
}

function uniqueTrimmed(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))];
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}
