import { InvalidResponseError } from './errors.ts';

/** One record as the API returns it: `_id` is always there, everything else is the record's own. */
export interface EveItem {
  _id: string;
  [field: string]: unknown;
}

export interface EveLink {
  href: string;
  title?: string;
}

/**
 * `_links` of a collection page. Hrefs are relative to the API root and re-emit the decoded
 * `where` unencoded (eve-api.md §8.3): use `next` only as a "there is more" flag, never follow it.
 */
export interface EveLinks {
  parent?: EveLink;
  self?: EveLink;
  next?: EveLink;
  last?: EveLink;
  prev?: EveLink;
}

export interface PageMeta {
  /** The effective page number. */
  page: number;
  /** The effective page size: the server clamps what was asked for (Eve's limit is 50). */
  maxResults: number;
  /** How many records match the filter, on the whole collection. */
  total: number;
}

export interface CollectionPage<T extends EveItem = EveItem> {
  items: T[];
  meta: PageMeta;
  links: EveLinks;
}

/**
 * Checks that a parsed body is an Eve collection page and returns it typed.
 * Throws InvalidResponseError naming the first thing that is wrong.
 * @example parseCollectionPage({_items: [], _links: {}, _meta: {page: 1, max_results: 25, total: 0}})
 *   // {items: [], links: {}, meta: {page: 1, maxResults: 25, total: 0}}
 */
export function parseCollectionPage(body: unknown): CollectionPage {
  if (!isPlainObject(body))
    throw new InvalidResponseError(`expected a JSON object, got ${kind(body)}`);
  const { _items: items, _meta: meta, _links: links } = body;
  if (!Array.isArray(items))
    throw new InvalidResponseError(`_items is ${kind(items)}, not an array`);
  items.forEach(checkItem);
  if (!isPlainObject(meta)) throw new InvalidResponseError(`_meta is ${kind(meta)}, not an object`);
  const page = countField(meta, 'page', 1);
  const maxResults = countField(meta, 'max_results', 1);
  const total = countField(meta, 'total', 0);
  if (items.length > maxResults) {
    throw new InvalidResponseError(
      `the page holds ${items.length} records but _meta.max_results is ${maxResults}`,
    );
  }
  if (!isPlainObject(links))
    throw new InvalidResponseError(`_links is ${kind(links)}, not an object`);
  for (const [rel, link] of Object.entries(links)) {
    if (!isPlainObject(link) || typeof link.href !== 'string') {
      throw new InvalidResponseError(`_links.${rel} has no href`);
    }
  }
  return { items: items as EveItem[], meta: { page, maxResults, total }, links: links as EveLinks };
}

/**
 * Eve's error body, `{"_status": "ERR", "_error": {"code": 400, "message": "…"}}`.
 * @example readEveErrorMessage({_status: 'ERR', _error: {code: 404, message: 'Not found'}}) // 'Not found'
 */
export function readEveErrorMessage(body: unknown): string | undefined {
  if (!isPlainObject(body) || !isPlainObject(body._error)) return undefined;
  const message = body._error.message;
  return typeof message === 'string' && message.trim() ? message : undefined;
}

function checkItem(item: unknown, index: number): void {
  if (!isPlainObject(item)) throw new InvalidResponseError(`_items[${index}] is ${kind(item)}`);
  if (typeof item._id !== 'string') {
    throw new InvalidResponseError(`_items[${index}] has no string _id`);
  }
}

function countField(meta: Record<string, unknown>, key: string, min: number): number {
  const value = meta[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidResponseError(`_meta.${key} is ${kind(value)}, not an integer ≥ ${min}`);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === 'undefined' ? 'missing' : `an ${typeof value}`;
}
