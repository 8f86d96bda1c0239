import { asText, type Column } from './column.ts';

/**
 * Row filters. Text predicates are evaluated once per dictionary entry, then each row is a
 * table lookup by its code, so `contains` over 1M rows with a small dictionary costs one
 * string search per distinct value, not per row.
 */

/**
 * - `range`: `min <= value <= max` (either bound optional). On a text or raw column each
 *   distinct text is read as a number (`Number`, blanks excluded), so an IQM column that
 *   got one `'n/a'` still filters numerically. Missing never matches.
 * - `equals`: the cell's text is exactly `value`.
 * - `contains`: the cell's text contains `text`; case-insensitive unless `matchCase`.
 * - `in`: the cell's text is one of `values` (a set of categories); `missing: true` also
 *   keeps rows without a value.
 */
export type Filter =
  | {
      readonly type: 'range';
      readonly column: Column;
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly type: 'equals'; readonly column: Column; readonly value: string }
  | {
      readonly type: 'contains';
      readonly column: Column;
      readonly text: string;
      readonly matchCase?: boolean;
    }
  | {
      readonly type: 'in';
      readonly column: Column;
      readonly values: readonly string[];
      readonly missing?: boolean;
    };

type RowTest = (row: number) => boolean;

function inRange(filter: Extract<Filter, { type: 'range' }>): (v: number) => boolean {
  const min = filter.min ?? Number.NEGATIVE_INFINITY;
  const max = filter.max ?? Number.POSITIVE_INFINITY;
  return (v) => v >= min && v <= max; // false for NaN
}

function numberFromText(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** Whether each text matches (index = code, 0 = missing). */
function textPredicate(filter: Filter): (text: string) => boolean {
  switch (filter.type) {
    case 'range': {
      const ok = inRange(filter);
      return (text) => ok(numberFromText(text));
    }
    case 'equals':
      return (text) => text === filter.value;
    case 'contains': {
      if (filter.matchCase) return (text) => text.includes(filter.text);
      const needle = filter.text.toLowerCase();
      return (text) => text.toLowerCase().includes(needle);
    }
    case 'in': {
      const set = new Set(filter.values);
      return (text) => set.has(text);
    }
  }
}

function rowTest(filter: Filter): RowTest {
  const { column } = filter;
  if (filter.type === 'range' && column.kind === 'number') {
    const ok = inRange(filter);
    const values = column.values;
    return (row) => ok(values[row]!);
  }
  // Text view of the column (numbers coded by their printed form for equals/contains/in).
  const text = asText(column);
  const matches = new Uint8Array(text.dict.length + 1);
  matches[0] = filter.type === 'in' && filter.missing ? 1 : 0;
  const ok = textPredicate(filter);
  text.dict.forEach((entry, i) => {
    matches[i + 1] = ok(entry) ? 1 : 0;
  });
  const codes = text.codes;
  return (row) => matches[codes[row]!] === 1;
}

/**
 * The rows of `rows` (in their order) that pass every filter (filters are ANDed).
 * No filters → a copy of `rows`.
 *
 * @example
 * const snr = fromDecoded([3, NaN, 10, 5]);
 * filterRows(Uint32Array.of(0, 1, 2, 3), [{ type: 'range', column: snr, min: 4 }]) // [2, 3]
 * const maker = fromDecoded(['GE', 'Siemens', undefined, 'Philips']);
 * filterRows(Uint32Array.of(0, 1, 2, 3), [{ type: 'contains', column: maker, text: 'e' }]) // [1, 3]
 */
export function filterRows(rows: Uint32Array, filters: readonly Filter[]): Uint32Array {
  const tests = filters.map(rowTest);
  const out = new Uint32Array(rows.length);
  let kept = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let pass = true;
    for (const test of tests) {
      if (!test(row)) {
        pass = false;
        break;
      }
    }
    if (pass) out[kept++] = row;
  }
  return out.slice(0, kept);
}
