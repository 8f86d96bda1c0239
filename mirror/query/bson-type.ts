import { Double } from '../data/double.ts';
import { ObjectId } from '../data/object-id.ts';
import { EveServerError } from './errors.ts';
import { isPlainObject } from './python/python-text.ts';

/**
 * BSON types as `$type` names them (MongoDB's type aliases and their numeric codes). Eve
 * hands `$type` to MongoDB unchanged (eve-api.md 2.2.2), so a bad argument is MongoDB's
 * run-time error: an HTML 500.
 */

/** MongoDB's type aliases and codes; `number` (all numeric types) has no code. */
const TYPE_CODES = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
} as const;

export type BsonTypeName = keyof typeof TYPE_CODES;

const NAME_OF_CODE = new Map<number, BsonTypeName>(
  Object.entries(TYPE_CODES).map(([name, code]) => [code, name as BsonTypeName]),
);

const NUMERIC_TYPES: readonly BsonTypeName[] = ['double', 'int', 'long', 'decimal'];

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * The BSON type a stored value has, as pymongo would have stored the uploaded JSON: a whole
 * number is an int (int32) or, beyond that range, a long; a number with a fraction, NaN,
 * ±Infinity and a {@link Double} are doubles. `undefined` (a missing field) has no type.
 *
 * @example
 * bsonTypeOf(120)              // 'int'
 * bsonTypeOf(new Double(120))  // 'double'
 * bsonTypeOf(2 ** 40)          // 'long'
 */
export function bsonTypeOf(value: unknown): BsonTypeName | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'number':
      if (!Number.isInteger(value)) return 'double';
      return value >= INT32_MIN && value <= INT32_MAX ? 'int' : 'long';
    case 'bigint':
      return value >= INT32_MIN && value <= INT32_MAX ? 'int' : 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
  }
  if (value === null) return 'null';
  if (value instanceof Double) return 'double';
  if (Array.isArray(value)) return 'array';
  if (value instanceof ObjectId) return 'objectId';
  if (value instanceof Date) return 'date';
  return isPlainObject(value) ? 'object' : undefined;
}

/** A numeric type code given as a JSON number (2, 2.0) or an exact big integer. */
function typeOfCode(code: number | bigint): BsonTypeName {
  const n = typeof code === 'bigint' ? Number(code) : code;
  const name = Number.isInteger(n) ? NAME_OF_CODE.get(n) : undefined;
  if (name === undefined) throw new EveServerError(`Invalid numerical type code: ${code}`);
  return name;
}

function addType(types: Set<BsonTypeName>, arg: unknown): void {
  if (typeof arg === 'number' || typeof arg === 'bigint') {
    types.add(typeOfCode(arg));
  } else if (typeof arg === 'string') {
    if (arg === 'number') for (const name of NUMERIC_TYPES) types.add(name);
    else if (Object.hasOwn(TYPE_CODES, arg)) types.add(arg as BsonTypeName);
    else throw new EveServerError(`Unknown type name alias: ${arg}`);
  } else {
    throw new EveServerError('type must be represented as a number or a string');
  }
}

/**
 * The types a `$type` argument names: an alias, a code, or an array of them (any of which
 * matches). Throws EveServerError as MongoDB refuses the query.
 *
 * @example
 * parseTypeArgument('number')        // Set { 'double', 'int', 'long', 'decimal' }
 * parseTypeArgument([2, 'bool'])     // Set { 'string', 'bool' }
 * parseTypeArgument('float')         // throws: Unknown type name alias
 */
export function parseTypeArgument(arg: unknown): ReadonlySet<BsonTypeName> {
  const types = new Set<BsonTypeName>();
  if (Array.isArray(arg)) for (const item of arg) addType(types, item);
  else addType(types, arg);
  if (types.size === 0) throw new EveServerError('$type must match at least one type');
  return types;
}
