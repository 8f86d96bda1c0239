import { JsonSyntaxError, JsonTooDeep, readJson } from '../../data/json-reader.ts';

/**
 * A JSON reader with the rules of Python's `simplejson.loads`, which Eve uses for `where` and
 * `projection` (eve-api.md 2.2.1): NaN, Infinity and -Infinity are accepted, duplicate keys keep
 * the last value (at the first key's position), a leading BOM is skipped, integers are exact
 * (a bigint beyond 2^53), and strings may not hold raw control characters. Recursion is bounded,
 * so hostile nesting ends in {@link JsonTooDeep}, never a stack overflow.
 */

export { JsonSyntaxError, JsonTooDeep };

export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Python ints are exact: a bigint where a double would round; `-0` is the int 0. */
function pythonNumber(text: string, isFloat: boolean): number | bigint {
  const value = Number(text);
  if (isFloat) return value;
  if (Number.isSafeInteger(value)) return value === 0 ? 0 : value;
  return BigInt(text);
}

/** simplejson's `raw_decode` skips a BOM, also one mis-decoded as Latin-1 ("ï»¿"). */
function bomLength(text: string): number {
  if (text.startsWith('\ufeff')) return 1;
  return text.startsWith('\u00ef\u00bb\u00bf') ? 3 : 0;
}

/**
 * Parses `text` as simplejson would; throws JsonSyntaxError or JsonTooDeep.
 *
 * @example
 * parseSimpleJson('{"a": NaN, "a": 2}')   // { a: 2 }
 * parseSimpleJson('12345678901234567890') // 12345678901234567890n
 */
export function parseSimpleJson(text: string, maxDepth = 200): JsonValue {
  const options = { maxDepth, nonFinite: true, number: pythonNumber };
  return readJson(text, options, bomLength(text)) as JsonValue;
}
