import type { FieldType } from './field-catalogue.ts';
import { isWhereObject, type WhereObject } from './where.ts';

/**
 * The filter builder's model (issue 13 §1): conditions on one field each, joined by AND, and
 * the MongoDB JSON they stand for. A filter the model can't hold (`$or`, `$not`, nested
 * documents, operators outside the list) is left raw, never rewritten.
 */

export const OPERATORS = ['=', '≠', 'in', '<', '≤', '>', '≥', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * The operators a field of a type is offered: ordering only for numbers (MongoDB would order
 * text by code point, "10" before "9"), membership for numbers and text.
 * @example operatorsFor('text') // ['=', '≠', 'in', 'exists']
 */
export function operatorsFor(type: FieldType | undefined): readonly Operator[] {
  if (type === 'text') return ['=', '≠', 'in', 'exists'];
  if (type === 'boolean') return ['=', '≠', 'exists'];
  return OPERATORS;
}

const TO_MONGO: Record<Exclude<Operator, '='>, string> = {
  '≠': '$ne',
  in: '$in',
  '<': '$lt',
  '≤': '$lte',
  '>': '$gt',
  '≥': '$gte',
  exists: '$exists',
};
const FROM_MONGO = new Map<string, Operator>([
  ['$eq', '='],
  ...Object.entries(TO_MONGO).map(([op, mongo]) => [mongo, op as Operator] as const),
]);

export interface Condition {
  field: string;
  op: Operator;
  /** A plain value; a list for `in`; true/false for `exists`. */
  value: unknown;
}

export type ReadFilter =
  | { type: 'conditions'; conditions: Condition[] }
  | { type: 'raw'; reason: string };

/**
 * The conditions a filter holds, or why the builder can't show it.
 * @example readConditions({size_x: {$gt: 200, $lt: 300}, 'bids_meta.Manufacturer': 'GE'})
 *   // {type: 'conditions', conditions: [{field: 'size_x', op: '>', value: 200},
 *   //   {field: 'size_x', op: '<', value: 300}, {field: 'bids_meta.Manufacturer', op: '=', value: 'GE'}]}
 */
export function readConditions(where: WhereObject): ReadFilter {
  const conditions: Condition[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (key === '$and' && Array.isArray(value) && value.every(isWhereObject)) {
      for (const part of value) {
        const inner = readConditions(part);
        if (inner.type === 'raw') return inner;
        conditions.push(...inner.conditions);
      }
      continue;
    }
    if (key.startsWith('$')) return { type: 'raw', reason: `the builder has no ${key}` };
    const read = readField(key, value);
    if (read.type === 'raw') return read;
    conditions.push(...read.conditions);
  }
  return { type: 'conditions', conditions };
}

function readField(field: string, value: unknown): ReadFilter {
  if (!isWhereObject(value)) {
    if (Array.isArray(value)) {
      return { type: 'raw', reason: `${field} is compared with a whole list` };
    }
    return { type: 'conditions', conditions: [{ field, op: '=', value }] };
  }
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.some(([op]) => !op.startsWith('$'))) {
    return { type: 'raw', reason: `${field} is compared with a whole document` };
  }
  const conditions: Condition[] = [];
  for (const [mongo, operand] of entries) {
    const op = FROM_MONGO.get(mongo);
    if (!op) return { type: 'raw', reason: `the builder has no ${mongo}` };
    if (op === 'in' && !Array.isArray(operand)) return { type: 'raw', reason: '$in needs a list' };
    if (op === 'exists' && typeof operand !== 'boolean') {
      return { type: 'raw', reason: '$exists needs true or false' };
    }
    if (op !== 'in' && (isWhereObject(operand) || Array.isArray(operand))) {
      return { type: 'raw', reason: `${field} is compared with a document or list` };
    }
    conditions.push({ field, op, value: operand });
  }
  return { type: 'conditions', conditions };
}

/**
 * The filter for conditions, joined by AND: one object when every field is named once (several
 * operators on one field share its object), `$and` otherwise. No conditions: null (no filter).
 * @example writeConditions([{field: 'size_x', op: '>', value: 200}, {field: 'size_x', op: '<', value: 300}])
 *   // {size_x: {$gt: 200, $lt: 300}}
 */
export function writeConditions(conditions: readonly Condition[]): WhereObject | null {
  if (conditions.length === 0) return null;
  const byField = new Map<string, Condition[]>();
  for (const condition of conditions) {
    byField.set(condition.field, [...(byField.get(condition.field) ?? []), condition]);
  }
  const merged: [string, unknown][] = [];
  for (const [field, list] of byField) {
    const ops = list.map((c) => c.op);
    const mergeable = !ops.includes('=') && new Set(ops).size === ops.length;
    if (list.length === 1 && list[0]!.op === '=' && !isWhereObject(list[0]!.value)) {
      merged.push([field, list[0]!.value]);
    } else if (mergeable) {
      merged.push([field, Object.fromEntries(list.map((c) => [mongoOf(c.op), c.value]))]);
    } else {
      // The same field twice with one operator (or = beside others): AND of separate parts.
      return { $and: conditions.map((c) => writeConditions([c])!) };
    }
  }
  return Object.fromEntries(merged);
}

function mongoOf(op: Operator): string {
  return op === '=' ? '$eq' : TO_MONGO[op];
}
