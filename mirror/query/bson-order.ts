import { Double } from '../data/double.ts';
import { ObjectId } from '../data/object-id.ts';
import { isPlainObject } from './python/python-text.ts';

/**
 * MongoDB's comparison of BSON values, used for `$eq`/`$gt`… and for `sort`: one total order
 * across types (missing/null < numbers < strings < objects < arrays < ObjectId < booleans <
 * Date), numbers compared by value whatever int/double they are (a {@link Double} is its
 * value), strings by code point (UTF-8 byte order, the "simple" collation), objects field by
 * field in stored order.
 */

/** Sort-only rank of an empty array, which MongoDB orders before null (eve-api.md 2.3). */
export const EMPTY_ARRAY_RANK = 0;

/**
 * The canonical type rank of a value; `undefined` (a missing field) ranks as null.
 *
 * @example
 * bsonRank(2) === bsonRank(new Double(2)) // true: ints and doubles are one type
 * bsonRank('a') < bsonRank({})  // true
 */
export function bsonRank(value: unknown): number {
  if (value === null || value === undefined) return 1;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 7;
  }
  if (Array.isArray(value)) return 5;
  if (value instanceof Double) return 2;
  if (value instanceof ObjectId) return 6;
  if (value instanceof Date) return 8;
  return 4;
}

function compareNumbers(a: number, b: number): number {
  // NaN sorts before every number and equals itself.
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Code-point order. UTF-16 order differs from it only when a surrogate (U+D800–DFFF, i.e. a
 * character beyond U+FFFF) meets a unit in U+E000–FFFF.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? (y >= 0xe000 ? 1 : -1) : x >= 0xe000 ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareBson(a[i], b[i]);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

/** BSONObj::woCompare: per field, the value's type first, then the name, then the value. */
function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const na = ka[i] as string;
    const nb = kb[i] as string;
    const rank = bsonRank(a[na]) - bsonRank(b[nb]);
    if (rank !== 0) return Math.sign(rank);
    const name = compareStrings(na, nb);
    if (name !== 0) return name;
    const value = compareBson(a[na], b[nb]);
    if (value !== 0) return value;
  }
  return Math.sign(ka.length - kb.length);
}

/**
 * Total order of two values as MongoDB sorts them; 0 means "equal" for `$eq` as well
 * (1 equals 1.0, {a:1,b:2} does not equal {b:2,a:1}, the ObjectId never equals its hex text).
 *
 * @example
 * compareBson(1, 1.0)              // 0
 * compareBson('10', 9)             // 1: every string is above every number
 * compareBson({ a: 1, b: 2 }, { b: 2, a: 1 }) !== 0 // true
 */
export function compareBson(a: unknown, b: unknown): number {
  const ra = bsonRank(a);
  const rb = bsonRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
      return 0;
    case 2:
      return compareNumbers(Number(a), Number(b));
    case 3:
      return compareStrings(a as string, b as string);
    case 5:
      return compareArrays(a as unknown[], b as unknown[]);
    case 6:
      return compareStrings((a as ObjectId).hex, (b as ObjectId).hex);
    case 7:
      return Number(a) - Number(b);
    case 8:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    default:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
  }
}

/** The values a dotted path reaches in a document, MongoDB-style. */
export interface Resolved {
  /** Values found (an array value is listed as the array, not expanded). */
  values: unknown[];
  /** Some branch of the path ended at a missing field (or the path reached nothing). */
  missing: boolean;
}

function isIndex(part: string): boolean {
  return /^(0|[1-9]\d*)$/.test(part);
}

function walk(value: unknown, parts: readonly string[], i: number, out: Resolved): void {
  if (i === parts.length) {
    if (value === undefined) out.missing = true;
    else out.values.push(value);
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    // A numeric component indexes the array; otherwise the path continues into every
    // element that is a document (nested arrays are not entered implicitly).
    if (isIndex(part)) {
      walk(value[Number(part)], parts, i + 1, out);
      return;
    }
    let entered = false;
    for (const item of value) {
      if (!isPlainObject(item)) continue;
      entered = true;
      walk(item, parts, i, out);
    }
    if (!entered) out.missing = true;
  } else if (isPlainObject(value) && Object.hasOwn(value, part)) {
    walk(value[part], parts, i + 1, out);
  } else {
    out.missing = true;
  }
}

/**
 * Resolves `parts` (a path split at dots) in `doc`.
 *
 * @example
 * resolvePath({ a: [{ b: 1 }, { c: 2 }] }, ['a', 'b']) // { values: [1], missing: true }
 */
export function resolvePath(doc: unknown, parts: readonly string[]): Resolved {
  const out: Resolved = { values: [], missing: false };
  if (parts.length === 1 && isPlainObject(doc)) {
    const part = parts[0] as string;
    const value = Object.hasOwn(doc, part) ? doc[part] : undefined;
    if (value === undefined) out.missing = true;
    else out.values.push(value);
    return out;
  }
  walk(doc, parts, 0, out);
  if (out.values.length === 0) out.missing = true;
  return out;
}
