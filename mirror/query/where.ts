import { EveBadRequest, EveServerError } from './errors.ts';
import { isPlainObject } from './python/python-text.ts';
import { parsePythonWhere } from './python/python-where.ts';
import { JsonSyntaxError, JsonTooDeep, parseSimpleJson } from './python/simple-json.ts';
import { encodeForBson, mongotize, sanitizeWhere } from './where-rules.ts';

/**
 * A MongoDB filter document as the mirror holds it: plain objects, arrays, strings, numbers,
 * booleans, null, Date and ObjectId (24-hex strings and RFC-1123 dates already converted).
 */
export type Filter = Record<string, unknown>;

/** Nesting deeper than this is answered 400 (see {@link parseWhere}). */
export const MAX_WHERE_DEPTH = 200;

function readJson(raw: string): { json: unknown } | null {
  try {
    return { json: parseSimpleJson(raw, MAX_WHERE_DEPTH) };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return null;
    // CPython would hit its recursion limit in simplejson or _sanitize, fall back to the Python
    // parser, and that refuses more than 200 nested brackets: a 400.
    if (error instanceof JsonTooDeep) throw new EveBadRequest(error.message);
    throw error;
  }
}

/**
 * Parses a decoded `where` value as Eve 2.2.4 does (eve-api.md 2.2): '' → no filter; JSON
 * first (simplejson rules), checked for operators (400) and required to be an object (else
 * 500); otherwise the Python-expression syntax with its quirks. Then strings become dates or
 * ObjectIds, and what BSON cannot encode is a 500. MongoDB's own checks (`$in` needs an
 * array, …) happen in compileFilter.
 *
 * @example
 * parseWhere('')                               // null
 * parseWhere('{"size_x": {"$gte": 10}}')       // { size_x: { $gte: 10 } }
 * parseWhere('_id>"59cfad7f0000000000000007"') // { _id: { $gt: ObjectId('59cf…07') } }
 * parseWhere('5')                              // throws EveServerError
 * parseWhere('{"x": {"$regex": "^A"}}')        // throws EveBadRequest
 */
export function parseWhere(raw: string): Filter | null {
  if (raw === '') return null;
  const parsed = readJson(raw);
  let query: Record<string, unknown>;
  if (parsed) {
    sanitizeWhere(parsed.json);
    if (!isPlainObject(parsed.json)) {
      throw new EveServerError('where is JSON but not an object: .items() fails');
    }
    query = parsed.json;
  } else {
    query = parsePythonWhere(raw);
  }
  return encodeForBson(mongotize(query)) as Filter;
}
