import { errorMessage } from '../lib/error-message.ts';

/** A MongoDB filter document, as Eve's `where` accepts it in JSON syntax. */
export type WhereObject = { [key: string]: unknown };

export type FieldFilterResult =
  | { type: 'empty' }
  | { type: 'valid'; where: WhereObject }
  | { type: 'invalid'; message: string };

const EXAMPLE = '{"bids_meta.MagneticFieldStrength": 3}';
const LIST_OPERATORS = new Set(['$in', '$nin', '$all']);
/**
 * Names JavaScript gives a meaning of their own: an object merge can drop `__proto__`
 * silently (the filter would then match far more than asked). No MRIQC field has them.
 */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const LOGICAL_OPERATORS = new Set(['$and', '$or', '$nor']);

/**
 * Parses the user's field filter. Checked here: JSON syntax, that it is an object, and the
 * operator shapes that make the real server crash with a 500 (`{"$in": 5}`, `{"$and": {}}`):
 * a 500 carries no CORS headers, so the browser would only report a network error. Operator
 * *names* are left to the server, which answers those with a readable 400.
 * @example parseFieldFilter('{"size_x": {"$gt": 2}}') // {type: 'valid', where: {size_x: {$gt: 2}}}
 * @example parseFieldFilter('[1]').type // 'invalid'
 */
export function parseFieldFilter(text: string): FieldFilterResult {
  const trimmed = text.trim();
  if (!trimmed) return { type: 'empty' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    const detail = errorMessage(error);
    return {
      type: 'invalid',
      message: `This is not valid JSON (${detail}). Write an object such as ${EXAMPLE}: field names and text values in double quotes.`,
    };
  }
  if (!isWhereObject(parsed)) {
    return {
      type: 'invalid',
      message: `The filter must be a JSON object in braces, such as ${EXAMPLE}, not ${describeJsonValue(parsed)}.`,
    };
  }
  const problem = findShapeProblem(parsed);
  return problem ? { type: 'invalid', message: problem } : { type: 'valid', where: parsed };
}

/**
 * JSON text with object keys sorted at every depth (array order kept): equal filters give equal
 * text, so the text can name a dataset.
 * @example stableStringify({b: 1, a: {d: [2, 1], c: 0}}) // '{"a":{"c":0,"d":[2,1]},"b":1}'
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

export function isWhereObject(value: unknown): value is WhereObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isWhereObject(value)) return value;
  // fromEntries defines keys as data: `sorted.__proto__ = …` would set the prototype instead.
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeysDeep(value[key])]),
  );
}

function findShapeProblem(node: WhereObject): string | undefined {
  for (const [key, value] of Object.entries(node)) {
    if (key === '') return 'A field name is empty (""): name the field to filter on.';
    const reserved = key.split('.').find((part) => RESERVED_NAMES.has(part));
    if (reserved) {
      return `"${key}" is not a field of MRIQC records: "${reserved}" has a special meaning in JavaScript, so the filter can't be sent as written. Remove it, and name fields by their full dotted path, such as "bids_meta.EchoTime".`;
    }
    if (LIST_OPERATORS.has(key) && !Array.isArray(value)) {
      return `${key} needs a list of values in brackets, such as {"${key}": ["22.0.6", "23.1.0"]}.`;
    }
    if (LOGICAL_OPERATORS.has(key)) {
      if (!Array.isArray(value) || value.length === 0 || !value.every(isWhereObject)) {
        return `${key} needs a non-empty list of conditions, such as {"${key}": [{"size_x": 256}, {"size_y": 256}]}.`;
      }
    }
    if (key === '$not' && !isWhereObject(value)) {
      return '$not needs an operator object, such as {"snr_total": {"$not": {"$gt": 10}}}.';
    }
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      const problem = isWhereObject(child) ? findShapeProblem(child) : undefined;
      if (problem) return problem;
    }
  }
  return undefined;
}

function describeJsonValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'a quoted string';
  return `a ${typeof value}`;
}
