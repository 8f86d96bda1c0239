import { createHash } from 'node:crypto';
import { Double, floatText } from './double.ts';
import { isObjectIdHex, ObjectId } from './object-id.ts';
import { STORED_RESOURCES, type StoredDoc, type StoredResource } from './types.ts';

/**
 * A record that can't be imported; `where` names its line (or item) in the source.
 *
 * @example
 * new DataFileError('data.jsonl:3', 'malformed JSON').message // 'data.jsonl:3: malformed JSON'
 */
export class DataFileError extends Error {
  constructor(
    readonly where: string,
    reason: string,
  ) {
    super(`${where}: ${reason}`);
    this.name = 'DataFileError';
  }
}

/** One record read from a file, with where it came from and its page's resource, if any. */
export interface RawRecord {
  value: unknown;
  where: string;
  /** Resource named by the enclosing page's `_links.self.href`, as a last resort. */
  pageResource?: StoredResource;
}

const MODALITIES: readonly string[] = ['T1w', 'T2w', 'bold'];
const META_KEYS = new Set(['_id', '_created', '_updated', '_etag', '_links']);

/**
 * The resource an Eve `href` names: "bold/59cf…" or "bold?max_results=50" → "bold".
 *
 * @example
 * resourceOfHref('T1w/5988cc09265d2000079e7d35') // 'T1w'
 * resourceOfHref('nowhere/1') // undefined
 */
export function resourceOfHref(href: unknown): StoredResource | undefined {
  if (typeof href !== 'string') return undefined;
  const name = href.replace(/^\/?(api\/v1\/)?/, '').split(/[/?]/)[0];
  return (STORED_RESOURCES as readonly string[]).includes(name ?? '')
    ? (name as StoredResource)
    : undefined;
}

/** A JSON object: not an array, nor a number kept as a Double. */
function isObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Which collection a record belongs to: its own link, else its modality, else its shape. */
function resourceOf(record: Record<string, unknown>, raw: RawRecord): StoredResource {
  const links = record._links;
  const href = isObject(links) && isObject(links.self) ? links.self.href : undefined;
  if (href !== undefined) {
    const fromLink = resourceOfHref(href);
    if (!fromLink)
      throw new DataFileError(
        raw.where,
        `unknown resource in _links.self.href ${JSON.stringify(href)}`,
      );
    return fromLink;
  }
  const meta = record.bids_meta;
  if (isObject(meta) && meta.modality !== undefined) {
    if (typeof meta.modality === 'string' && MODALITIES.includes(meta.modality))
      return meta.modality as StoredResource;
    throw new DataFileError(
      raw.where,
      `unknown bids_meta.modality ${JSON.stringify(meta.modality)} (expected T1w, T2w or bold)`,
    );
  }
  // Rating and telemetry POST bodies carry neither; their required fields tell them apart.
  if (typeof record.rating === 'string' && typeof record.md5sum === 'string') return 'rating';
  if (typeof record.interface_class_name === 'string') return 'nipype_telemetry';
  if (raw.pageResource) return raw.pageResource;
  throw new DataFileError(
    raw.where,
    'cannot tell the resource: no _links.self.href and no bids_meta.modality',
  );
}

/** RFC 1123 (as Eve serves), ISO 8601, or mongoexport's {"$date": …}. */
function toDate(value: unknown, field: string, where: string): Date {
  const v = isObject(value) && '$date' in value ? value.$date : value;
  const inner = isObject(v) && '$numberLong' in v ? Number(v.$numberLong) : v;
  const ms =
    typeof inner === 'number' || inner instanceof Double
      ? Number(inner)
      : typeof inner === 'string'
        ? Date.parse(inner)
        : Number.NaN;
  if (!Number.isFinite(ms))
    throw new DataFileError(where, `${field} is not a date: ${JSON.stringify(value)}`);
  return new Date(ms);
}

function toObjectId(value: unknown, where: string): ObjectId {
  const hex = isObject(value) && '$oid' in value ? value.$oid : value;
  if (typeof hex !== 'string' || !isObjectIdHex(hex)) {
    throw new DataFileError(where, `_id is not a 24-hex ObjectId: ${JSON.stringify(value)}`);
  }
  return new ObjectId(hex);
}

/** sha1 as 40 hex: the `_etag` Eve would compute for a stored document. */
function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** JSON with sorted keys, so the computed etag doesn't depend on key order. */
function canonicalJson(value: unknown): string {
  if (value instanceof Double) return floatText(value.value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Turns one API item or POST body into a stored document: `_id` hex → ObjectId, dates →
 * Date, `_links` dropped, `_etag` kept (or the SHA-1 of the content). A missing `_created`
 * is the load time, as for a POST; a missing `_id` is made from `_created` plus a hash of the
 * content and the record's index, so it is unique and, given `_created`, repeatable.
 *
 * @example
 * importRecord({ value: pageItem, where: 'line 1, _items[0]' })
 * // { resource: 'bold', doc: { _id: ObjectId, …, _created: Date, _updated: Date, _etag } }
 */
export function importRecord(
  raw: RawRecord,
  index: number,
): { resource: StoredResource; doc: StoredDoc } {
  const record = raw.value;
  if (!isObject(record)) throw new DataFileError(raw.where, 'a record must be a JSON object');
  const resource = resourceOf(record, raw);
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!META_KEYS.has(k)) body[k] = v;
  const created =
    record._created === undefined
      ? new Date(Math.floor(Date.now() / 1000) * 1000)
      : toDate(record._created, '_created', raw.where);
  const updated =
    record._updated === undefined ? created : toDate(record._updated, '_updated', raw.where);
  const content = canonicalJson(body);
  const id =
    record._id === undefined
      ? ObjectId.fromTime(
          created.getTime() / 1000,
          Number.parseInt(sha1Hex(`${content}\u0000${index}`).slice(0, 13), 16),
        )
      : toObjectId(record._id, raw.where);
  const etag = typeof record._etag === 'string' ? record._etag : sha1Hex(content);
  // _id first, as MongoDB stores it; the other fields keep the file's order.
  const doc: Record<string, unknown> = { _id: id };
  for (const [k, v] of Object.entries(record)) {
    if (k === '_created') doc[k] = created;
    else if (k === '_updated') doc[k] = updated;
    else if (k !== '_id' && k !== '_links') doc[k] = v;
  }
  doc._created ??= created;
  doc._updated ??= updated;
  doc._etag = etag;
  return { resource, doc: doc as StoredDoc };
}
