import { asText, type Column, type TextColumn } from './column.ts';
import type { RowGroups } from './histogram.ts';

/**
 * Category counts and groupings (manufacturer, field strength, MRIQC version) over a row
 * selection: the N most frequent values each get a group, the rest share "other", and rows
 * without a value get their own group, so every row of the view is accounted for. Pure.
 */

const codesCache = new WeakMap<Column, TextColumn>();

/**
 * The column as dictionary codes, cached per column. Number columns (field strength) are coded
 * by value with a Map of numbers, not via text per row: `String(v)` for 1M rows costs ~100 ms.
 *
 * @example
 * categoryCodes(fromDecoded([3, 1.5, 3])) // { codes: [1, 2, 1], dict: ['3', '1.5'] }
 */
export function categoryCodes(column: Column): TextColumn {
  if (column.kind !== 'number') return asText(column);
  const cached = codesCache.get(column);
  if (cached) return cached;
  const { values } = column;
  const codes = new Uint32Array(values.length);
  const dict: string[] = [];
  const index = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    let code = index.get(v);
    if (code === undefined) {
      code = dict.push(String(v));
      index.set(v, code);
    }
    codes[i] = code;
  }
  const coded: TextColumn = { kind: 'text', codes, dict };
  codesCache.set(column, coded);
  return coded;
}

/** One group: a value, everything beyond the top N, or the rows without a value. */
export type CategoryKind = 'value' | 'other' | 'missing';

export interface Category {
  readonly kind: CategoryKind;
  /** The value's text; for `other` and `missing`, ''. */
  readonly value: string;
  readonly count: number;
  /** For `other`: how many distinct values it holds; 1 for a value; 0 for missing. */
  readonly distinct: number;
}

export interface CategoryCounts {
  /** Values first (in the order asked), then other, then missing; empty groups left out. */
  readonly categories: readonly Category[];
  /** The same groups, numbered as `categories`, for {@link computeHistogram} and summaries. */
  readonly groups: RowGroups;
}

export interface CategoryOptions {
  /** Values that get a group of their own (the most frequent); default 8. */
  readonly top?: number;
  /** `count`: most frequent first; `label`: natural order of the text ("9.0" before "10.1"). */
  readonly order?: 'count' | 'label';
}

const natural = new Intl.Collator('en', { numeric: true });

/**
 * Counts the rows of each value and groups them: the `top` most frequent values (ties: natural
 * order), then one "other" group, then "missing".
 *
 * @example
 * const c = countCategories(categoryCodes(fromDecoded(['GE', 'Siemens', 'GE', undefined, 'Philips'])),
 *   Uint32Array.of(0, 1, 2, 3, 4), { top: 1 });
 * c.categories // GE 2, other 2 (2 values), missing 1
 */
export function countCategories(
  column: TextColumn,
  rows: Uint32Array,
  options: CategoryOptions = {},
): CategoryCounts {
  const { codes, dict } = column;
  const perCode = new Uint32Array(dict.length + 1);
  for (let r = 0; r < rows.length; r++) perCode[codes[rows[r]!]!]!++;
  const present: number[] = [];
  for (let code = 1; code <= dict.length; code++) if (perCode[code]! > 0) present.push(code);
  present.sort((a, b) => perCode[b]! - perCode[a]! || natural.compare(dict[a - 1]!, dict[b - 1]!));
  const top = present.slice(0, Math.max(0, options.top ?? 8));
  if (options.order === 'label') top.sort((a, b) => natural.compare(dict[a - 1]!, dict[b - 1]!));
  const rest = present.slice(top.length);
  const groupOfCode = new Int32Array(dict.length + 1).fill(-1);
  const categories: Category[] = top.map((code, g) => {
    groupOfCode[code] = g;
    return { kind: 'value', value: dict[code - 1]!, count: perCode[code]!, distinct: 1 };
  });
  if (rest.length > 0) {
    let count = 0;
    for (const code of rest) {
      groupOfCode[code] = categories.length;
      count += perCode[code]!;
    }
    categories.push({ kind: 'other', value: '', count, distinct: rest.length });
  }
  if (perCode[0]! > 0) {
    groupOfCode[0] = categories.length;
    categories.push({ kind: 'missing', value: '', count: perCode[0]!, distinct: 0 });
  }
  return { categories, groups: { codes, groupOfCode, count: categories.length } };
}

/**
 * Everyone in one group: for charts and summaries without a "group by".
 *
 * @example
 * singleGroup(3).groupOfCode // [0]
 */
export function singleGroup(rowCount: number): RowGroups {
  return { codes: new Uint32Array(rowCount), groupOfCode: Int32Array.of(0), count: 1 };
}
