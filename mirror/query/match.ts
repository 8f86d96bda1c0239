import { Context } from 'mingo';
import { $and, $nor, $or } from 'mingo/operators/query/logical';
import { Query } from 'mingo/query';
import type { StoredDoc } from '../data/types.ts';
import { resolvePath } from './bson-order.ts';
import { parseTypeArgument } from './bson-type.ts';
import { EveBadRequest, EveServerError } from './errors.ts';
import {
  allPredicate,
  elemMatchPredicate,
  equalsPredicate,
  existsPredicate,
  inPredicate,
  modPredicate,
  type RangeOp,
  rangePredicate,
  sizePredicate,
  typePredicate,
  type ValuePredicate,
} from './field-predicates.ts';
import { isPlainObject } from './python/python-text.ts';
import type { Filter } from './where.ts';

/**
 * MongoDB matching for the mirror. mingo compiles the query document and evaluates the
 * logical layer (implicit AND of keys, `$and`, `$or`, `$nor`). Each field condition is handed
 * to mingo as one custom `$field` operator whose predicate is ours, because mingo's own
 * operators differ from MongoDB's where this API is sensitive (verified in match.test.ts):
 * embedded-document equality ignores key order, `$gte: null` does not match a missing field,
 * `$in` cannot match a whole array, strings compare by UTF-16 unit, nested arrays are
 * flattened, and `{"a.b": null}` misses array elements that lack `b`. Before that, the filter
 * is checked the way MongoDB's parser would: what it rejects is an EveServerError (500).
 *
 * Supported: $eq $ne $gt $gte $lt $lte $in $nin $exists $not $and $or $nor $all $size
 * $elemMatch $type $mod. Deviation (eve-api.md 9 allows it): $geoWithin, $geoIntersects
 * and the $bits* operators work on the real server but are a 400 here; so is $expr.
 */

/** MongoDB: "exceeded maximum query tree depth of 100". */
const MAX_QUERY_DEPTH = 100;

// biome-ignore format: operator list
const UNSUPPORTED = new Set([
  '$geoWithin', '$geoIntersects', '$bitsAllClear', '$bitsAllSet', '$bitsAnyClear', '$bitsAnySet',
]);

/** What mingo receives for one field condition; a class so that mingo never clones it. */
class FieldCondition {
  constructor(
    readonly parts: readonly string[],
    readonly test: ValuePredicate,
  ) {}
}

function fieldOperator(_selector: string, value: unknown): (doc: unknown) => boolean {
  const condition = value as FieldCondition;
  return (doc) => condition.test(resolvePath(doc, condition.parts));
}

// mingo's operator table is typed per operator; ours has the same call shape.
const CONTEXT = Context.init({
  query: { $and, $or, $nor, $field: fieldOperator as unknown as typeof $and },
});

type DocTest = (doc: unknown) => boolean;

function toTest(condition: Record<string, unknown>): DocTest {
  if (Object.keys(condition).length === 0) return () => true;
  const query = new Query(condition, { context: CONTEXT });
  return (doc) => query.test(doc as Record<string, unknown>);
}

/** MongoDB reads `{field: {...}}` as operators when the first key starts with `$`. */
function isOperatorDoc(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && (Object.keys(value)[0] ?? '').startsWith('$');
}

function mongoTruthy(value: unknown): boolean {
  return !(value === false || value === null || value === undefined || value === 0);
}

function arrayArgument(op: string, arg: unknown): unknown[] {
  if (!Array.isArray(arg)) throw new EveServerError(`${op} needs an array`);
  if (arg.some(isOperatorDoc)) throw new EveServerError(`cannot nest $ under ${op}`);
  return arg;
}

function not(test: ValuePredicate): ValuePredicate {
  return (r) => !test(r);
}

function compileNot(arg: unknown, depth: number, expand: boolean): ValuePredicate {
  if (!isPlainObject(arg)) throw new EveServerError('$not needs a regex or a document');
  if (Object.keys(arg).length === 0) throw new EveServerError('$not cannot be empty');
  if (!isOperatorDoc(arg)) throw new EveServerError('$not needs operators');
  return not(compileOperators(arg, depth + 1, expand));
}

function compileSize(arg: unknown): ValuePredicate {
  if (typeof arg !== 'number') throw new EveServerError('$size needs a number');
  if (!Number.isInteger(arg) || arg < 0) throw new EveServerError('$size must be a whole number');
  return sizePredicate(arg);
}

function compileAll(arg: unknown, expand: boolean): ValuePredicate {
  if (!Array.isArray(arg)) throw new EveServerError('$all needs an array');
  for (const item of arg) {
    if (!isOperatorDoc(item)) continue;
    if ('$elemMatch' in item) throw new EveBadRequest('$all with $elemMatch is not supported here');
    throw new EveServerError('no $ expressions in $all');
  }
  return allPredicate(arg, expand);
}

const INT64_LIMIT = 2 ** 63;

/** A `$mod` operand as MongoDB coerces it: a number truncated to int64, else a 500. */
function modOperand(value: unknown, role: 'divisor' | 'remainder'): bigint {
  if (typeof value === 'bigint') {
    if (value < -(2n ** 63n) || value >= 2n ** 63n)
      throw new EveServerError(`malformed mod, ${role} value is invalid`);
    return value;
  }
  if (typeof value !== 'number') throw new EveServerError(`malformed mod, ${role} not a number`);
  const n = Math.trunc(value);
  if (!Number.isFinite(n) || n < -INT64_LIMIT || n >= INT64_LIMIT)
    throw new EveServerError(`malformed mod, ${role} value is invalid`);
  return BigInt(n);
}

function compileMod(arg: unknown, expand: boolean): ValuePredicate {
  if (!Array.isArray(arg)) throw new EveServerError('malformed mod, needs to be an array');
  if (arg.length < 2) throw new EveServerError('malformed mod, not enough elements');
  if (arg.length > 2) throw new EveServerError('malformed mod, too many elements');
  const divisor = modOperand(arg[0], 'divisor');
  const remainder = modOperand(arg[1], 'remainder');
  if (divisor === 0n) throw new EveServerError('divisor cannot be 0');
  return modPredicate(divisor, remainder, expand);
}

const QUERY_FORM_FIRST_KEYS = new Set([
  '$and',
  '$or',
  '$nor',
  '$where',
  '$expr',
  '$text',
  '$comment',
]);

function compileElemMatch(arg: unknown, depth: number): ValuePredicate {
  if (!isPlainObject(arg)) throw new EveServerError('$elemMatch needs an Object');
  const first = Object.keys(arg)[0] ?? '';
  if (isOperatorDoc(arg) && !QUERY_FORM_FIRST_KEYS.has(first)) {
    const test = compileOperators(arg, depth + 1, false);
    return elemMatchPredicate((item) => test({ values: [item], missing: false }));
  }
  const test = toTest(compileQuery(arg, depth + 1));
  return elemMatchPredicate((item) => isPlainObject(item) && test(item));
}

function compileOperator(op: string, arg: unknown, depth: number, expand: boolean): ValuePredicate {
  switch (op) {
    case '$eq':
      return equalsPredicate(arg, expand);
    case '$ne':
      return not(equalsPredicate(arg, expand));
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return rangePredicate(op as RangeOp, arg, expand);
    case '$in':
      return inPredicate(arrayArgument(op, arg), expand);
    case '$nin':
      return not(inPredicate(arrayArgument(op, arg), expand));
    case '$exists':
      return existsPredicate(mongoTruthy(arg));
    case '$not':
      return compileNot(arg, depth, expand);
    case '$size':
      return compileSize(arg);
    case '$all':
      return compileAll(arg, expand);
    case '$elemMatch':
      return compileElemMatch(arg, depth);
    case '$type':
      return typePredicate(parseTypeArgument(arg), expand);
    case '$mod':
      return compileMod(arg, expand);
  }
  if (UNSUPPORTED.has(op)) throw new EveBadRequest(`${op} is not supported by the mirror`);
  // $near/$nearSphere need a geo index, $options a $regex; the rest is unknown to MongoDB here.
  throw new EveServerError(`unknown operator: ${op}`);
}

function compileOperators(
  ops: Record<string, unknown>,
  depth: number,
  expand: boolean,
): ValuePredicate {
  if (depth > MAX_QUERY_DEPTH) throw new EveServerError('exceeded maximum query tree depth');
  const tests = Object.entries(ops).map(([op, arg]) => compileOperator(op, arg, depth, expand));
  if (tests.length === 1) return tests[0] as ValuePredicate;
  return (r) => tests.every((test) => test(r));
}

function compileLogical(op: string, value: unknown, depth: number): Array<Record<string, unknown>> {
  if (!Array.isArray(value) || value.length === 0)
    throw new EveServerError(`${op} must be a nonempty array`);
  return value.map((item) => {
    if (!isPlainObject(item)) throw new EveServerError(`${op} entries need to be full objects`);
    return compileQuery(item, depth + 1);
  });
}

/** A query document → mingo's condition: `$and/$or/$nor` kept, each field as `{$field: …}`. */
function compileQuery(doc: Record<string, unknown>, depth: number): Record<string, unknown> {
  if (depth > MAX_QUERY_DEPTH) throw new EveServerError('exceeded maximum query tree depth');
  const condition: Record<string, unknown> = {};
  let fields = 0;
  for (const [key, value] of Object.entries(doc)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      condition[key] = compileLogical(key, value, depth);
    } else if (key === '$expr') {
      throw new EveBadRequest('$expr is not supported by the mirror');
    } else if (key.startsWith('$')) {
      if (key !== '$comment') throw new EveServerError(`unknown top level operator: ${key}`);
    } else {
      const test = isOperatorDoc(value)
        ? compileOperators(value, depth, true)
        : equalsPredicate(value, true);
      condition[`f${fields++}`] = { $field: new FieldCondition(key.split('.'), test) };
    }
  }
  return condition;
}

/**
 * Compiles a filter (from parseWhere) into a predicate with MongoDB's semantics. Throws
 * EveServerError where MongoDB rejects the filter, EveBadRequest for the unsupported operators.
 *
 * @example
 * const test = compileFilter({ size_x: { $gt: 1 } });
 * test(doc) // true when doc.size_x is a number above 1 (or an array holding one)
 * compileFilter({ x: { $in: 5 } }) // throws EveServerError
 */
export function compileFilter(filter: Filter): (doc: StoredDoc) => boolean {
  return toTest(compileQuery(filter, 0));
}
