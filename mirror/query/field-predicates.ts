import { Double } from '../data/double.ts';
import { bsonRank, compareBson, type Resolved } from './bson-order.ts';
import { type BsonTypeName, bsonTypeOf } from './bson-type.ts';

/**
 * MongoDB's field-level comparison operators over the values a path resolves to
 * (eve-api.md 2.2.2): a value in an array field is matched as the whole array and as each of
 * its elements; comparisons never cross types; `null` stands for null *and* missing.
 */

/** A compiled condition on the values one path reaches. */
export type ValuePredicate = (resolved: Resolved) => boolean;

export type RangeOp = '$gt' | '$gte' | '$lt' | '$lte';

/** Whether some value (or, with `expand`, an element of an array value) passes `test`. */
function anyCandidate(r: Resolved, expand: boolean, test: (x: unknown) => boolean): boolean {
  for (const value of r.values) {
    if (test(value)) return true;
    if (expand && Array.isArray(value)) {
      for (const item of value) if (test(item)) return true;
    }
  }
  return false;
}

/**
 * `{field: v}` / `$eq`. `expand` is false inside `$elemMatch`, where an element that is
 * itself an array is compared whole.
 *
 * @example
 * equalsPredicate(null, true)({ values: [], missing: true }) // true: null matches missing
 */
export function equalsPredicate(expected: unknown, expand: boolean): ValuePredicate {
  if (expected === null) return (r) => r.missing || anyCandidate(r, expand, (x) => x === null);
  return (r) => anyCandidate(r, expand, (x) => compareBson(x, expected) === 0);
}

function passes(op: RangeOp, order: number): boolean {
  switch (op) {
    case '$gt':
      return order > 0;
    case '$gte':
      return order >= 0;
    case '$lt':
      return order < 0;
    case '$lte':
      return order <= 0;
  }
}

/**
 * `$gt`/`$gte`/`$lt`/`$lte` with type bracketing: only values of the bound's BSON type can
 * match, so a string never compares with a number, a Date or an ObjectId. NaN only "equals"
 * NaN ($gte/$lte), and `$gte: null` / `$lte: null` behave as `{field: null}`.
 *
 * @example
 * rangePredicate('$gt', 1, true)({ values: ['5'], missing: false }) // false
 */
export function rangePredicate(op: RangeOp, bound: unknown, expand: boolean): ValuePredicate {
  const inclusive = op === '$gte' || op === '$lte';
  if (bound === null) return inclusive ? equalsPredicate(null, expand) : () => false;
  if (typeof bound === 'number' && Number.isNaN(bound)) {
    return inclusive ? (r) => anyCandidate(r, expand, (x) => Number.isNaN(x)) : () => false;
  }
  const rank = bsonRank(bound);
  return (r) =>
    anyCandidate(r, expand, (x) => {
      if (bsonRank(x) !== rank || (typeof x === 'number' && Number.isNaN(x))) return false;
      return passes(op, compareBson(x, bound));
    });
}

/**
 * `$in`: equal to any listed value (null in the list also matches missing).
 *
 * @example
 * inPredicate(['a', 'b'], true)({ values: [['x', 'b']], missing: false }) // true
 */
export function inPredicate(list: readonly unknown[], expand: boolean): ValuePredicate {
  const tests = list.map((value) => equalsPredicate(value, expand));
  return (r) => tests.some((test) => test(r));
}

/** `$exists`: whether the path reaches any value at all. */
export function existsPredicate(wanted: boolean): ValuePredicate {
  return (r) => r.values.length > 0 === wanted;
}

/** `$size`: an array value with exactly `n` elements. */
export function sizePredicate(n: number): ValuePredicate {
  return (r) => r.values.some((value) => Array.isArray(value) && value.length === n);
}

/** `$all`: every listed value is matched (as `$eq` would); an empty list matches nothing. */
export function allPredicate(list: readonly unknown[], expand: boolean): ValuePredicate {
  const tests = list.map((value) => equalsPredicate(value, expand));
  return (r) => tests.length > 0 && tests.every((test) => test(r));
}

/**
 * `$elemMatch`: some array value has an element that passes `element`.
 *
 * @example
 * elemMatchPredicate((x) => x === 2)({ values: [[1, 2]], missing: false }) // true
 */
export function elemMatchPredicate(element: (item: unknown) => boolean): ValuePredicate {
  return (r) => r.values.some((value) => Array.isArray(value) && value.some(element));
}

/**
 * `$type`: a value (or an element of an array value) of one of `types`; an array value is
 * itself of type 'array'. A missing field has no type, not even 'null'.
 *
 * @example
 * typePredicate(new Set(['double']), true)({ values: [[1, new Double(2)]], missing: false }) // true
 */
export function typePredicate(types: ReadonlySet<BsonTypeName>, expand: boolean): ValuePredicate {
  return (r) =>
    anyCandidate(r, expand, (x) => {
      const type = bsonTypeOf(x);
      return type !== undefined && types.has(type);
    });
}

const INT64_LIMIT = 2 ** 63;

/**
 * `$mod: [divisor, remainder]` on a number truncated to an integer, with C's remainder (its
 * sign is the dividend's): `-5 % 4` is -1. NaN, ±Infinity and numbers beyond int64 never
 * match, nor does any non-number. `divisor` (never 0) and `remainder` are int64 values.
 *
 * @example
 * modPredicate(4n, 1n, true)({ values: [5.9], missing: false }) // true: trunc(5.9) % 4 = 1
 */
export function modPredicate(divisor: bigint, remainder: bigint, expand: boolean): ValuePredicate {
  const d = Number(divisor);
  const rest = Number(remainder);
  const exact = Number.isSafeInteger(d) && Number.isSafeInteger(rest);
  const test = (x: unknown): boolean => {
    const value = x instanceof Double ? x.value : x;
    if (typeof value === 'bigint') return value % divisor === remainder;
    if (typeof value !== 'number' || !Number.isFinite(value)) return false;
    const n = Math.trunc(value);
    if (n < -INT64_LIMIT || n >= INT64_LIMIT) return false;
    // Doubles are exact in % below 2^53; past that (or for a huge divisor) BigInt is.
    if (exact && Number.isSafeInteger(n)) return n % d === rest;
    return BigInt(n) % divisor === remainder;
  };
  return (r) => anyCandidate(r, expand, test);
}
