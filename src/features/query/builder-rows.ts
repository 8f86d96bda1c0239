import { writeFilter } from '../../api/facets.ts';
import type { FieldType } from '../../api/field-catalogue.ts';
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
  /** The user chose to type a path the catalogue doesn't list (the row shows a path box). */
  custom?: boolean;
}

export type BuilderState =
  | { type: 'rows'; rows: BuilderRow[] }
  | { type: 'raw'; reason: string }
  | { type: 'invalid' };

/** A field's type as the catalogue knows it; undefined for a path it doesn't list. */
export type TypeOf = (field: string) => FieldType | undefined;

const UNTYPED: TypeOf = () => undefined;

/**
 * The builder's rows for the filter text, or why it can't show them. A value of another type
 * than its field holds (the text "3" on a number field) stays raw: the builder would otherwise
 * write it back as the number, and the filter would change under the user's hands.
 * @example readRows('{"size_x": {"$gt": 200}}') // {type: 'rows', rows: [{field: 'size_x', op: '>', text: '200'}]}
 */
export function readRows(where: string, typeOf: TypeOf = UNTYPED): BuilderState {
  const filter = parseFieldFilter(where);
  if (filter.type === 'empty') return { type: 'rows', rows: [] };
  if (filter.type === 'invalid') return { type: 'invalid' };
  const read = readConditions(filter.where);
  if (read.type === 'raw') return read;
  const rows: BuilderRow[] = [];
  for (const condition of read.conditions) {
    const type = typeOf(condition.field);
    const text = valueText(condition, type);
    if (text === undefined) {
      const empty = Array.isArray(condition.value) && condition.value.length === 0;
      return {
        type: 'raw',
        reason:
          empty || !type
            ? `${condition.field} is compared with an empty list`
            : `${condition.field} holds ${PLURAL[type]}, and the filter compares it with ${JSON.stringify(condition.value)}`,
      };
    }
    rows.push({ field: condition.field, op: condition.op, text });
  }
  return { type: 'rows', rows };
}

const PLURAL: Record<FieldType, string> = {
  number: 'numbers',
  text: 'text',
  boolean: 'true or false',
};

/**
 * Why a row is not in the filter yet, or undefined when it is: a row is written once it names
 * a field and its value reads as the field's type. Until then its text stays in the builder.
 */
export function rowProblem(row: BuilderRow, typeOf: TypeOf = UNTYPED): string | undefined {
  if (row.field.trim() === '') return 'Choose a field.';
  const parsed = parseValue(row, typeOf(row.field.trim()));
  return parsed.type === 'invalid' ? parsed.message : undefined;
}

/**
 * The filter text for the rows (rows with a problem, see rowProblem, are left out); '' for none.
 * @example writeRows([{field: 'bids_meta.Manufacturer', op: '=', text: 'GE'}]) // '{"bids_meta.Manufacturer": "GE"}'
 */
export function writeRows(rows: readonly BuilderRow[], typeOf: TypeOf = UNTYPED): string {
  const conditions: Condition[] = [];
  for (const row of rows) {
    const field = row.field.trim();
    if (!field) continue;
    const parsed = parseValue(row, typeOf(field));
    if (parsed.type === 'valid') conditions.push({ field, op: row.op, value: parsed.value });
  }
  const where = writeConditions(conditions);
  return where ? writeFilter(where) : '';
}

type Parsed = { type: 'valid'; value: unknown } | { type: 'invalid'; message: string };

function parseValue(row: BuilderRow, type: FieldType | undefined): Parsed {
  if (row.op === 'exists') return { type: 'valid', value: row.text.trim() !== 'false' };
  if (row.op === 'in') {
    const parts = splitList(row.text).map((part) => parseScalar(part, type));
    if (parts.length === 0)
      return { type: 'invalid', message: 'Enter one value or more, a, b, c.' };
    const bad = parts.find((part) => part.type === 'invalid');
    if (bad) return bad;
    return { type: 'valid', value: parts.map((part) => (part as { value: unknown }).value) };
  }
  return parseScalar(row.text, type);
}

/** One value as typed: as the field's type when the catalogue knows it, else as JSON or text. */
function parseScalar(text: string, type: FieldType | undefined): Parsed {
  const trimmed = text.trim();
  if (type === 'number') {
    const value = Number(trimmed);
    return trimmed !== '' && Number.isFinite(value)
      ? { type: 'valid', value }
      : {
          type: 'invalid',
          message: trimmed ? `“${trimmed}” is not a number.` : 'Enter a number.',
        };
  }
  if (type === 'boolean') {
    if (trimmed === 'true' || trimmed === 'false')
      return { type: 'valid', value: trimmed === 'true' };
    return { type: 'invalid', message: 'Choose true or false.' };
  }
  if (type === 'text') {
    if (trimmed === '') return { type: 'invalid', message: 'Enter a value.' };
    return { type: 'valid', value: unquote(trimmed) ?? trimmed };
  }
  if (trimmed === '') return { type: 'invalid', message: 'Enter a value.' };
  return { type: 'valid', value: looseValue(trimmed) };
}

/**
 * A value of a field the catalogue doesn't know: JSON where it reads as a number, true/false/
 * null or a quoted text; plain text otherwise (so `Siemens` needs no quotes, and `"3"` is the
 * text 3, not the number).
 */
function looseValue(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || ['number', 'boolean', 'string'].includes(typeof value)) return value;
  } catch {
    // not JSON: plain text
  }
  return text;
}

/** The text inside double quotes, JSON-escaped; undefined when it is not one quoted text. */
function unquote(text: string): string | undefined {
  if (!text.startsWith('"')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `a, "b, c", d` → ['a', '"b, c"', 'd']: commas inside quotes belong to the value. */
function splitList(text: string): string[] {
  const parts = text.match(/\s*"(?:[^"\\]|\\.)*"\s*|[^,]+/g) ?? [];
  return parts.map((part) => part.trim()).filter(Boolean);
}

/**
 * How a value is shown for editing, so that parsing the text gives the value back; undefined
 * when the value is not of the field's type.
 */
function scalarText(value: unknown, type: FieldType | undefined): string | undefined {
  if (type === 'number') return typeof value === 'number' ? String(value) : undefined;
  if (type === 'boolean') return typeof value === 'boolean' ? String(value) : undefined;
  if (type === 'text') {
    if (typeof value !== 'string' || value === '') return undefined;
    const plain = value === value.trim() && !value.startsWith('"');
    return plain ? value : JSON.stringify(value);
  }
  if (typeof value === 'string') {
    const plain =
      value !== '' &&
      value === value.trim() &&
      !value.startsWith('"') &&
      looseValue(value) === value;
    return plain ? value : JSON.stringify(value);
  }
  return JSON.stringify(value) ?? String(value);
}

function valueText(condition: Condition, type: FieldType | undefined): string | undefined {
  if (condition.op === 'exists') return String(condition.value);
  if (condition.op === 'in' && Array.isArray(condition.value)) {
    const parts = condition.value.map((value) => {
      const text = scalarText(value, type);
      // A comma inside a value would split it: quote it.
      return text?.includes(',') && !text.startsWith('"') ? JSON.stringify(value) : text;
    });
    return parts.every((part) => part !== undefined) && parts.length > 0
      ? parts.join(', ')
      : undefined;
  }
  return scalarText(condition.value, type);
}
