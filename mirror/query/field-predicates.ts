import { bsonRank, compareBson, type Resolved } from './bson-order.ts';

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
