import { InvalidResponseError } from '../api/errors.ts';
import { OBJECT_ID } from './id-space.ts';

/**
 * The contract between the engine and the API client (src/api), which turns a PageRequest
 * into an Eve URL (encoding `where`), fetches it and validates the envelope. src/api's
 * `CollectionPage` fits PageResult as is.
 */

/** A MongoDB filter document, as Eve's `where` takes it. */
export type Filter = Record<string, unknown>;

export interface PageRequest {
  /** null = no filter. */
  where: Filter | null;
  /** Always by `_id`: stable, and new uploads append at the end. */
  sort: '_id' | '-_id';
  maxResults: number;
  /** 1-based; keyset requests stay on page 1. */
  page: number;
}

/**
 * Eve's `_meta` as src/api's `parseCollectionPage` returns it: effective page, effective
 * (clamped) page size `max_results`, records matching `where`.
 */
export interface PageMeta {
  page: number;
  maxResults: number;
  total: number;
}

export interface ApiItem {
  _id: string;
  [field: string]: unknown;
}

export interface PageResult {
  items: ApiItem[];
  meta: PageMeta;
}

/**
 * Injected: fetch one page, timed out and typed by the API client (src/api errors, whose `kind`
 * retry.ts reads); rejects promptly when `signal` aborts (page-fetcher.ts is the real one).
 */
export type FetchPage = (request: PageRequest, signal: AbortSignal) => Promise<PageResult>;

function isItem(value: unknown): value is ApiItem {
  const id = (value as { _id?: unknown } | null)?._id;
  return typeof value === 'object' && typeof id === 'string' && OBJECT_ID.test(id);
}

/**
 * Checks what the engine relies on: items with 24-lowercase-hex `_id`s (their string order
 * is their ObjectId order) and numeric `_meta`. Throws InvalidResponseError otherwise
 * (retryable, as a truncated answer is).
 */
export function checkPage(page: PageResult): PageResult {
  const { items, meta } = (page ?? {}) as Partial<PageResult>;
  if (!Array.isArray(items) || !items.every(isItem)) {
    throw new InvalidResponseError('the server sent a page whose records lack a valid _id');
  }
  const numbers = [meta?.page, meta?.maxResults, meta?.total];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)) {
    throw new InvalidResponseError('the server sent a page without a valid _meta');
  }
  return page;
}
