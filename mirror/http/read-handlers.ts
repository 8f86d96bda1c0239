import { schemaFields, servedFields } from '../data/schema.ts';
import type { Collection, StoredDoc, StoredResource } from '../data/types.ts';
import { EveServerError } from '../query/errors.ts';
import { find } from '../query/find.ts';
import { type Projection, parseProjection, toOutputFields } from '../query/projection.ts';
import { parseRfc1123 } from '../query/rfc1123.ts';
import { parseSort } from '../query/sort.ts';
import { parseWhere } from '../query/where.ts';
import type { ApiContext, ApiRequest } from './api-request.ts';
import { firstHeader, firstParam } from './api-request.ts';
import { buildCollectionLinks, buildItemLinks, readCollectionParams } from './collection-params.ts';
import { ITEM_TITLES } from './routes.ts';
import {
  documentEtag,
  errorResponse,
  formatHttpDate,
  jsonResponse,
  MESSAGES,
  type MirrorResponse,
  toWireDocument,
} from './wire.ts';

/**
 * GET (and HEAD) on collections, items and rating_counts. Query errors are thrown as
 * EveBadRequest / EveServerError by the query modules and rendered by api-dispatch.ts.
 */

const EPOCH = new Date(0);

/** A collection page: envelope, X-Total-Count, Last-Modified (eve-api.md 3.1, 3.2). */
export function getCollection(
  ctx: ApiContext,
  req: ApiRequest,
  resource: StoredResource,
): MirrorResponse {
  const params = readCollectionParams(req.rawQuery, ctx.options.pageLimit);
  const filter = parseWhere(params.where);
  const sort = parseSort(params.sort);
  const projection = parseProjection(params.projection);
  const skip = (params.page - 1) * params.maxResults;
  const { total, docs } = find(
    ctx.db[resource],
    { filter, sort, skip, limit: params.maxResults },
    { skipCostNs: ctx.options.skipCostNs },
  );
  const title = ITEM_TITLES[resource];
  const items = docs.map((doc) =>
    servedDocument(doc, resource, projection, {
      self: { title, href: `${resource}/${doc._id.hex}` },
    }),
  );
  const body = {
    _items: items,
    _links: buildCollectionLinks(resource, params, total),
    _meta: { page: params.page, max_results: params.maxResults, total },
  };
  // No ETag, Cache-Control or Expires on collections; Last-Modified only for a non-empty page.
  const headers: Array<[string, string]> = [['X-Total-Count', String(total)]];
  const newest = latestUpdate(docs);
  if (newest !== null) headers.push(['Last-Modified', formatHttpDate(newest)]);
  return jsonResponse(200, body, headers);
}

/**
 * The served form of a stored document. Without a projection, Eve's field list is just the
 * schema and meta fields, filtered here in the same pass that converts values (the hot path
 * of every page); with one, query/projection.ts applies MongoDB's rules first.
 */
function servedDocument(
  doc: StoredDoc,
  resource: StoredResource,
  projection: Projection | null,
  links: Record<string, unknown>,
): Record<string, unknown> {
  if (projection === null || Object.keys(projection).length === 0) {
    return toWireDocument(doc, links, servedFields(resource));
  }
  return toWireDocument(toOutputFields(doc, schemaFields(resource), projection), links);
}

function latestUpdate(docs: readonly StoredDoc[]): Date | null {
  let newest: Date | null = null;
  for (const doc of docs) {
    const updated = doc._updated ?? EPOCH;
    if (newest === null || updated > newest) newest = updated;
  }
  return newest;
}

/** One document: ETag (quoted), Last-Modified, conditional 304 (eve-api.md 6). */
export function getItem(
  ctx: ApiContext,
  req: ApiRequest,
  resource: StoredResource,
  id: string,
): MirrorResponse {
  const params = readCollectionParams(req.rawQuery, ctx.options.pageLimit);
  const projection = parseProjection(params.projection);
  const coll = ctx.db[resource];
  const at = coll.lowerBound(id);
  if (at >= coll.size || coll.idAt(at) !== id) return errorResponse(404, MESSAGES[404]);
  const doc = coll.docAt(at);
  const etag = doc._etag || documentEtag(doc);
  const updated = doc._updated ?? EPOCH;
  const etagHeader: [string, string] = ['ETag', `"${etag}"`];
  if (notModified(req, etag, updated)) {
    return { status: 304, headers: [etagHeader], body: '', cors: true };
  }
  const links = buildItemLinks(resource, ITEM_TITLES[resource], id, params);
  const body = servedDocument(doc, resource, projection, links);
  return jsonResponse(200, body, [etagHeader, ['Last-Modified', formatHttpDate(updated)]]);
}

/**
 * 304 when every validator sent says "not modified". If-None-Match loses a leading W/ and
 * all quotes, then must equal the etag (lists and * never match); If-Modified-Since gets one
 * second added before comparing (eve-api.md 6).
 */
function notModified(req: ApiRequest, etag: string, updated: Date): boolean {
  const verdicts: boolean[] = [];
  const inm = firstHeader(req, 'if-none-match');
  if (inm) verdicts.push(inm.replace(/^W\//, '').replaceAll('"', '') === etag);
  const ims = firstHeader(req, 'if-modified-since');
  const since = ims ? parseRfc1123(ims) : null;
  if (since) verdicts.push(updated.getTime() <= since.getTime() + 1000);
  return verdicts.length > 0 && verdicts.every(Boolean);
}

/**
 * rating_counts: `$match {md5sum: <$value>}` → `$unwind "$rating"` → `$group` by rating
 * (eve-api.md 1.4). Items have no meta fields; no X-Total-Count or Last-Modified; the
 * envelope's keys come in the order `_items`, `_meta`, `_links`.
 */
export function getRatingCounts(ctx: ApiContext, req: ApiRequest): MirrorResponse {
  const params = readCollectionParams(req.rawQuery, ctx.options.pageLimit, {
    aggregateIsKnown: true,
  });
  const md5 = aggregateValue(firstParam(req.rawQuery, 'aggregate'));
  if (md5 instanceof Error) return errorResponse(400, MESSAGES.aggregate);
  const groups = countRatings(ctx.db.rating, md5);
  const skip = (params.page - 1) * params.maxResults;
  return jsonResponse(200, {
    _items: groups.slice(skip, skip + params.maxResults),
    _meta: { page: params.page, max_results: params.maxResults, total: groups.length },
    _links: buildCollectionLinks('rating_counts', params, groups.length),
  });
}

/** The value `$value` stands for; an Error when `aggregate` is not JSON (a 400). */
function aggregateValue(raw: string | null): unknown {
  // Without `aggregate` (or with it empty) the placeholder itself is matched (eve-api.md 1.4).
  if (!raw) return '$value';
  let query: unknown;
  try {
    query = JSON.parse(raw);
  } catch {
    return new Error(MESSAGES.aggregate);
  }
  // Eve calls query.items(): anything but an object raises, an HTML 500.
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new EveServerError('aggregate is not a JSON object');
  }
  return Object.hasOwn(query, '$value') ? (query as Record<string, unknown>).$value : '$value';
}

function countRatings(ratings: Collection, md5: unknown): Array<{ _id: unknown; count: number }> {
  const counts = new Map<string, { _id: unknown; count: number }>();
  const wanted = JSON.stringify(md5);
  for (let i = 0; i < ratings.size; i++) {
    const doc = ratings.docAt(i);
    if (JSON.stringify(doc.md5sum ?? null) !== wanted) continue;
    // $unwind: an array gives one document per element; missing, null and [] give none.
    const rating = doc.rating;
    const values = Array.isArray(rating) ? rating : rating == null ? [] : [rating];
    for (const value of values) {
      const key = JSON.stringify(value);
      const group = counts.get(key) ?? { _id: value, count: 0 };
      group.count++;
      counts.set(key, group);
    }
  }
  return [...counts.values()];
}
