import { Double, floatText } from '../data/double.ts';
import type { FieldRule, Schema } from '../data/schema.ts';

/**
 * POST validation with the messages Eve's Cerberus validator produces (eve-api.md 4.5).
 *
 * Eve's error handler unwraps single-message lists, so a field maps to one message string,
 * a list of messages, or (for a dict field whose sub-fields fail) a nested Issues object.
 */
export interface Issues {
  [field: string]: string | string[] | Issues;
}

export const ISSUE = {
  required: 'required field',
  unknown: 'unknown field',
  nullValue: 'null value not allowed',
} as const;

/**
 * Validates one posted document against a resource schema; null when it is valid.
 * JSON numbers lose their ".0" in JS, so an integer field accepts `64.0` here although
 * Cerberus would refuse it (a documented deviation).
 *
 * @example
 * validateDocument({ rating: 'good' }, SCHEMAS.rating) // { md5sum: 'required field' }
 * validateDocument({ rating: 1, md5sum: 'x' }, SCHEMAS.rating) // { rating: 'must be of string type' }
 */
export function validateDocument(doc: unknown, schema: Schema): Issues | null {
  if (!isDict(doc)) return { 'validator exception': notADocument(doc) };
  const issues = validateDict(doc, schema, false);
  return Object.keys(issues).length > 0 ? issues : null;
}

function validateDict(doc: Record<string, unknown>, schema: Schema, allowUnknown: boolean): Issues {
  const issues: Issues = {};
  for (const [field, value] of Object.entries(doc)) {
    const rule = schema[field];
    if (!rule) {
      if (!allowUnknown) issues[field] = ISSUE.unknown;
      continue;
    }
    const issue = validateValue(value, rule);
    if (issue !== null) issues[field] = issue;
  }
  for (const [field, rule] of Object.entries(schema)) {
    if (rule.required && !Object.hasOwn(doc, field)) issues[field] = ISSUE.required;
  }
  return issues;
}

function validateValue(value: unknown, rule: FieldRule): string | Issues | null {
  // Cerberus' `nullable` defaults to False and stops the other rules for that field.
  if (value === null) return ISSUE.nullValue;
  if (!hasType(value, rule.type)) return `must be of ${rule.type} type`;
  if (rule.type === 'dict' && rule.schema) {
    const nested = validateDict(value as Record<string, unknown>, rule.schema, !!rule.allowUnknown);
    return Object.keys(nested).length > 0 ? nested : null;
  }
  return null;
}

/**
 * Cerberus 1.3 type checks; booleans are excluded from the number types. A float field takes
 * ints too; an integer field refuses a whole-number float (`120.0` is a Python float).
 */
function hasType(value: unknown, type: FieldRule['type']): boolean {
  switch (type) {
    case 'float':
      return typeof value === 'number' || value instanceof Double;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'dict':
      return isDict(value);
  }
}

/** A JSON object (not an array, nor a number kept as a Double). */
function isDict(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Cerberus' DocumentError text for a bulk element that is not an object. */
function notADocument(value: unknown): string {
  const repr =
    typeof value === 'string'
      ? value
      : value instanceof Double
        ? floatText(value.value)
        : JSON.stringify(value);
  return `'${repr}' is not a document, must be a dict`;
}

/** What Eve's `post_internal` makes of a parsed body before validating it. */
export type PostedDocuments =
  | { type: 'documents'; items: unknown[] }
  /** `[]`, `null`, `false`, `0`, `""`: Eve aborts with the generic 400. */
  | { type: 'empty' }
  /** `true` or a non-zero number: iterating it raises TypeError, an HTML 500. */
  | { type: 'not-iterable' };

/**
 * Eve wraps a single object in a list, refuses an empty payload, and otherwise iterates it
 * (a string iterates into characters, each then "not a document").
 */
export function postedDocuments(body: unknown): PostedDocuments {
  // `0.0` is as empty as `0` to Python.
  const payload = body instanceof Double ? body.value : body;
  if (isDict(payload)) return { type: 'documents', items: [payload] };
  if (!payload || (Array.isArray(payload) && payload.length === 0)) return { type: 'empty' };
  if (Array.isArray(payload)) return { type: 'documents', items: payload };
  if (typeof payload === 'string') return { type: 'documents', items: [...payload] };
  return { type: 'not-iterable' };
}

/**
 * The 422 body for a POST where some documents failed (eve-api.md 4.5): a single document's
 * issues at the top level; for several, `_items` with one status per document, valid ones
 * `{"_status": "OK"}` (and, as in Eve, none of them stored).
 */
export function validationFailureBody(results: Array<Issues | null>): Record<string, unknown> {
  const failures = results.filter((r) => r !== null).length;
  const error = {
    code: 422,
    message: `Insertion failure: ${failures} document(s) contain(s) error(s)`,
  };
  if (results.length === 1) return { _status: 'ERR', _issues: results[0], _error: error };
  const items = results.map((issues) =>
    issues === null ? { _status: 'OK' } : { _status: 'ERR', _issues: issues },
  );
  return { _status: 'ERR', _error: error, _items: items };
}
