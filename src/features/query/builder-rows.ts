import { writeFilter } from '../../api/facets.ts';
import {
  type Condition,
  type Operator,
  readConditions,
  writeConditions,
} from '../../api/filter-conditions.ts';
import { parseFieldFilter } from '../../api/where.ts';

/** One row of the filter builder, its value as typed. */
export interface BuilderRow {
  field: string;
  op: Operator;
  text: string;
}

export type BuilderState =
  | { type: 'rows'; rows: BuilderRow[] }
  | { type: 'raw'; reason: string }
  | { type: 'invalid' };

/**
 * The builder's rows for the filter text, or why it can't show them.
 * @example readRows('{"size_x": {"$gt": 200}}') // {type: 'rows', rows: [{field: 'size_x', op: '>', text: '200'}]}
 */
export function readRows(where: string): BuilderState {
  const filter = parseFieldFilter(where);
  if (filter.type === 'empty') return { type: 'rows', rows: [] };
  if (filter.type === 'invalid') return { type: 'invalid' };
  const read = readConditions(filter.where);
  if (read.type === 'raw') return read;
  return {
    type: 'rows',
    rows: read.conditions.map((c) => ({ field: c.field, op: c.op, text: valueText(c) })),
  };
}

/**
 * The filter text for the rows (rows without a field are not written yet); '' for none.
 * @example writeRows([{field: 'bids_meta.Manufacturer', op: '=', text: 'GE'}]) // '{"bids_meta.Manufacturer": "GE"}'
 */
export function writeRows(rows: readonly BuilderRow[]): string {
  const conditions: Condition[] = rows
    .filter((row) => row.field.trim() !== '')
    .map((row) => ({ field: row.field.trim(), op: row.op, value: parseValue(row.op, row.text) }));
  const where = writeConditions(conditions);
  return where ? writeFilter(where) : '';
}

/**
 * A value as typed: JSON where it reads as a number, true/false/null or a quoted text; plain
 * text otherwise (so `Siemens` needs no quotes, and `"3"` is the text 3, not the number).
 */
function parseScalar(text: string): unknown {
  const trimmed = text.trim();
  try {
    const value: unknown = JSON.parse(trimmed);
    if (value === null || ['number', 'boolean', 'string'].includes(typeof value)) return value;
  } catch {
    // not JSON: plain text
  }
  return text;
}

function parseValue(op: Operator, text: string): unknown {
  if (op === 'exists') return text.trim() !== 'false';
  if (op === 'in') {
    return text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map(parseScalar);
  }
  return parseScalar(text);
}

/** How a value is shown for editing: text that would read back as something else is quoted. */
function scalarText(value: unknown): string {
  if (typeof value === 'string')
    return parseScalar(value) === value ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function valueText(condition: Condition): string {
  if (condition.op === 'in' && Array.isArray(condition.value)) {
    return condition.value.map(scalarText).join(', ');
  }
  return scalarText(condition.value);
}
