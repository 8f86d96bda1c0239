import { isObjectIdHex, ObjectId } from '../data/object-id.ts';
import { EveBadRequest, EveServerError } from './errors.ts';
import { PyComplex } from './python/python-ast.ts';
import { isPlainObject } from './python/python-text.ts';
import { parseRfc1123 } from './rfc1123.ts';

/**
 * What Eve does to a parsed `where` before MongoDB sees it: the operator check of the JSON
 * syntax (`_sanitize`), the value conversion of both syntaxes (`_mongotize`), and what makes
 * pymongo fail to encode the filter (BSON).
 */

/** Eve 2.2.4's `Mongo.operators` (eve-api.md 2.2.2). */
export const EVE_KNOWN_OPERATORS: ReadonlySet<string> = new Set(
  (
    '$gt $gte $lt $lte $ne $eq $in $nin $or $and $nor $not $mod $regex $text $where $options ' +
    '$search $language $caseSensitive $diacriticSensitive $exists $type $geoWithin ' +
    '$geoIntersects $near $nearSphere $centerSphere $geometry $maxDistance $minDistance $box ' +
    '$all $elemMatch $size $bitsAllClear $bitsAllSet $bitsAnyClear $bitsAnySet $center $expr'
  ).split(' '),
);

/** MONGO_QUERY_BLACKLIST (eve-api.md 1.2). */
const BLACKLIST: ReadonlySet<string> = new Set(['$where', '$regex']);

function checkKeys(dict: Record<string, unknown>): void {
  for (const key of Object.keys(dict)) {
    // `op[0]` on '' raises IndexError; Eve then tries the Python parser on the JSON text,
    // which is never a comparison: 400 either way.
    if (key === '') throw new EveBadRequest('where has an empty key');
    if (!key.startsWith('$')) continue;
    if (!EVE_KNOWN_OPERATORS.has(key)) throw new EveBadRequest(`unknown operator ${key}`);
    if (BLACKLIST.has(key)) throw new EveBadRequest(`operator ${key} is blacklisted`);
  }
}

/**
 * Eve's `_sanitize`: every object at any depth (also inside arrays) may only use `$` keys from
 * Eve's known list, none blacklisted, and no empty key. Only keys are checked, never values.
 *
 * @example
 * sanitizeWhere({ x: { $regex: '^A' } }) // throws EveBadRequest
 * sanitizeWhere({ x: '$size_x' })        // fine
 */
export function sanitizeWhere(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) sanitizeWhere(item);
  } else if (isPlainObject(value)) {
    checkKeys(value);
    for (const item of Object.values(value)) sanitizeWhere(item);
  }
}

let freshCounter = 0;

/**
 * `ObjectId(None)` makes a brand-new id. Eve's `try_cast` calls it on every None inside a list
 * (strptime fails, then `ObjectId(v)`), so `{"$in": [null]}` matches nothing.
 */
function freshObjectId(): ObjectId {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  const random = crypto.getRandomValues(new Uint8Array(5));
  const middle = [...random].map((b) => b.toString(16).padStart(2, '0')).join('');
  freshCounter = (freshCounter + 1) % 0x1000000;
  return new ObjectId(time + middle + freshCounter.toString(16).padStart(6, '0'));
}

/** RFC-1123 GMT → Date first, then 24 hex (either case) → ObjectId (eve-api.md 2.2.4). */
function castString(text: string): unknown {
  return parseRfc1123(text) ?? (isObjectIdHex(text) ? new ObjectId(text) : text);
}

function castListItem(item: unknown): unknown {
  if (typeof item === 'string') return castString(item);
  // Lists inside lists are left alone: `try_cast` of a list fails both casts.
  return item === null ? freshObjectId() : item;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Eve's `_mongotize` on a query dict: strings that are values of a dict or items of a list
 * directly under a dict key are converted; dicts (also inside lists) are walked.
 *
 * @example
 * mongotize({ _id: { $gt: '59CFAD7F0000000000000007' } }) // { _id: { $gt: ObjectId('59cf…07') } }
 */
export function mongotize(dict: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(dict)) {
    let cast: unknown = value;
    if (isPlainObject(value)) cast = mongotize(value);
    else if (Array.isArray(value)) {
      cast = value.map((item) => (isPlainObject(item) ? mongotize(item) : castListItem(item)));
    } else if (typeof value === 'string') cast = castString(value);
    define(out, key, cast);
  }
  return out;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function encodeScalar(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) throw new EveServerError('int exceeds int64');
    return Number(value);
  }
  if (value instanceof PyComplex) throw new EveServerError('cannot encode a complex number');
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
    throw new EveServerError('string with a lone surrogate is not UTF-8');
  }
  return value;
}

/**
 * What pymongo's BSON encoder refuses, as 500s: ints outside int64, complex numbers, strings
 * (values or keys) that are not valid UTF-8. Returns the filter with in-range bigints as numbers.
 *
 * @example
 * encodeForBson({ a: 12345678901234567890123n }) // throws EveServerError
 */
export function encodeForBson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(encodeForBson);
  if (!isPlainObject(value)) return encodeScalar(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    encodeScalar(key);
    define(out, key, encodeForBson(item));
  }
  return out;
}
