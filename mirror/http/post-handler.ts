import { randomBytes } from 'node:crypto';
import { ObjectId } from '../data/object-id.ts';
import { SCHEMAS } from '../data/schema.ts';
import { parseStoredJson } from '../data/stored-json.ts';
import type { Collection, StoredDoc, StoredResource } from '../data/types.ts';
import { EveServerError } from '../query/errors.ts';
import { type ApiContext, type ApiRequest, firstHeader } from './api-request.ts';
import { API_PREFIX, ITEM_TITLES } from './routes.ts';
import { postedDocuments, validateDocument, validationFailureBody } from './validate.ts';
import {
  documentEtag,
  errorResponse,
  formatHttpDate,
  jsonResponse,
  MESSAGES,
  type MirrorResponse,
} from './wire.ts';

/**
 * POST on a collection (eve-api.md 4.5), once auth has passed: Content-Type, JSON, validation
 * (422 and nothing stored if any document fails), then 201 with meta fields only
 * (BANDWIDTH_SAVER) and, for a single document, an absolute Location.
 */
export function postDocuments(
  ctx: ApiContext,
  req: ApiRequest,
  resource: StoredResource,
): MirrorResponse {
  const payload = readPayload(req);
  if (payload === MALFORMED) return errorResponse(400, MESSAGES[400]);
  if (payload instanceof Error) return errorResponse(400, payload.message);
  const posted = postedDocuments(payload);
  if (posted.type === 'empty') return errorResponse(400, MESSAGES[400]);
  if (posted.type === 'not-iterable') throw new EveServerError('payload is not iterable');
  const results = posted.items.map((doc) => validateDocument(doc, SCHEMAS[resource]));
  if (results.some((issues) => issues !== null)) {
    return jsonResponse(422, validationFailureBody(results));
  }
  const stored = storeDocuments(ctx.db[resource], posted.items as Array<Record<string, unknown>>);
  const metas = stored.map((doc) => metaFields(doc, resource));
  if (metas.length > 1) return jsonResponse(201, { _status: 'OK', _items: metas });
  const location = `http://${req.host}${API_PREFIX}/${resource}/${stored[0]!._id.hex}`;
  return jsonResponse(201, metas[0], [['Location', location]]);
}

function metaFields(doc: StoredDoc, resource: StoredResource): Record<string, unknown> {
  return {
    _updated: formatHttpDate(doc._updated),
    _created: formatHttpDate(doc._created),
    _etag: doc._etag,
    _id: doc._id.hex,
    _links: { self: { title: ITEM_TITLES[resource], href: `${resource}/${doc._id.hex}` } },
    _status: 'OK',
  };
}

const MALFORMED = Symbol('malformed JSON');

/**
 * The parsed body; MALFORMED for bad JSON or bytes that are not UTF-8 (generic 400); an
 * Error carrying Eve's own message for a missing or unsupported Content-Type or an empty form.
 */
function readPayload(req: ApiRequest): unknown {
  // Eve compares the part before ";" exactly: parameters are fine, case and spaces are not.
  const type = (firstHeader(req, 'content-type') ?? '').split(';')[0];
  if (type === 'application/json') {
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(req.body);
      // Floats stay floats (`100.0`), as Flask's JSON and pymongo store them.
      return parseStoredJson(text);
    } catch {
      return MALFORMED;
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    // Accepted by Eve, though every value arrives as a string and then fails validation.
    const form = formToDict(req.body.toString('utf8'));
    return Object.keys(form).length > 0 ? form : new Error('No form-urlencoded data supplied');
  }
  // multipart/form-data is accepted by Eve too; the mirror refuses it (a documented deviation).
  return new Error(MESSAGES.contentType);
}

/** Werkzeug's multidict_to_dict: one value stays a string, repeated names become lists. */
function formToDict(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const params = new URLSearchParams(text);
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/**
 * Stores validated documents with `_created` = `_updated` = now (whole seconds), an `_etag`
 * and an `_id` larger than every id in the collection, so keyset clients see them last.
 */
function storeDocuments(coll: Collection, docs: Array<Record<string, unknown>>): StoredDoc[] {
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  let last = coll.size > 0 ? coll.idAt(coll.size - 1) : null;
  const stored = docs.map((doc): StoredDoc => {
    const id = nextObjectId(last, now);
    last = id.hex;
    const body = { ...doc, _created: now, _updated: now };
    return { _id: id, ...body, _etag: documentEtag(body) };
  });
  coll.insert(stored);
  return stored;
}

const PROCESS_RANDOM = randomBytes(5).toString('hex');
let idCounter = randomBytes(3).readUIntBE(0, 3);

/** A real-looking ObjectId (time, process random, counter), bumped past `last` if needed. */
function nextObjectId(last: string | null, now: Date): ObjectId {
  idCounter = (idCounter + 1) & 0xffffff;
  const seconds = Math.floor(now.getTime() / 1000);
  const hex =
    seconds.toString(16).padStart(8, '0') +
    PROCESS_RANDOM +
    idCounter.toString(16).padStart(6, '0');
  // Equal-length lowercase hex compares like the numbers it spells.
  if (last === null || hex > last) return new ObjectId(hex);
  return new ObjectId((BigInt(`0x${last}`) + 1n).toString(16).padStart(24, '0'));
}
