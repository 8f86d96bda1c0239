import type { FilterSpec } from '../../frame/view-spec.ts';

/**
 * Filter editing, from what a person types or ticks to the view's FilterSpec (which goes to
 * the URL), and back to words for the active-filter list. One filter per column: editing a
 * column's filter replaces it.
 */

/** Which editor a column gets. */
export type FilterKind = 'range' | 'categories' | 'text';

/** Up to this many distinct values, a text column is filtered by ticking categories. */
export const MAX_CATEGORIES = 40;

/**
 * The editor for a column: numbers by range, low-cardinality text by categories, other text
 * by contains/equals. `distinct` is the number of distinct values (undefined = not known yet).
 *
 * @example
 * filterKind('number', undefined) // 'range'
 * filterKind('text', 3) // 'categories'
 * filterKind('text', 1_000_000) // 'text'
 */
export function filterKind(type: 'number' | 'text', distinct: number | undefined): FilterKind {
  if (type === 'number') return 'range';
  return distinct !== undefined && distinct <= MAX_CATEGORIES ? 'categories' : 'text';
}

export type Parsed = { type: 'ok'; filter: FilterSpec | null } | { type: 'error'; message: string };

function readBound(text: string, label: string): number | undefined | string {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : `${label} must be a number (got “${trimmed}”).`;
}

/**
 * A range filter from the two boxes of the editor; both empty = no filter (null).
 *
 * @example
 * rangeFilter('cjv', '0.5', '') // { type: 'ok', filter: { column: 'cjv', type: 'range', min: 0.5 } }
 * rangeFilter('cjv', '2', '1').type // 'error' (minimum above maximum)
 */
export function rangeFilter(column: string, minText: string, maxText: string): Parsed {
  const min = readBound(minText, 'The minimum');
  if (typeof min === 'string') return { type: 'error', message: min };
  const max = readBound(maxText, 'The maximum');
  if (typeof max === 'string') return { type: 'error', message: max };
  if (min === undefined && max === undefined) return { type: 'ok', filter: null };
  if (min !== undefined && max !== undefined && min > max) {
    return { type: 'error', message: `The minimum (${min}) is above the maximum (${max}).` };
  }
  return {
    type: 'ok',
    filter: {
      column,
      type: 'range',
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
    },
  };
}

/**
 * A text filter: `contains` (case-insensitive) or `equals` (exact); empty contains = none.
 *
 * @example
 * textFilter('provenance.version', 'equals', '23.1.0') // ok, { type: 'equals', value: '23.1.0' }
 * textFilter('_id', 'contains', '') // ok, null
 */
export function textFilter(column: string, mode: 'contains' | 'equals', text: string): Parsed {
  if (mode === 'equals') return { type: 'ok', filter: { column, type: 'equals', value: text } };
  if (text === '') return { type: 'ok', filter: null };
  return { type: 'ok', filter: { column, type: 'contains', text } };
}

/**
 * A category filter from the ticked values (and "missing"); nothing ticked = no filter.
 *
 * @example
 * categoryFilter('bids_meta.Manufacturer', ['GE'], false) // ok, { type: 'in', values: ['GE'] }
 */
export function categoryFilter(
  column: string,
  values: readonly string[],
  missing: boolean,
): Parsed {
  if (values.length === 0 && !missing) return { type: 'ok', filter: null };
  return {
    type: 'ok',
    filter: { column, type: 'in', values: [...values], ...(missing ? { missing: true } : {}) },
  };
}

/**
 * The filters with `column`'s filter replaced by `next` (null removes it); others keep their
 * place, a new one goes last.
 *
 * @example
 * setColumnFilter([{ column: 'cjv', type: 'range', min: 1 }], 'cjv', null) // []
 */
export function setColumnFilter(
  filters: readonly FilterSpec[],
  column: string,
  next: FilterSpec | null,
): FilterSpec[] {
  const at = filters.findIndex((f) => f.column === column);
  const rest = filters.filter((f) => f.column !== column);
  if (!next) return rest;
  if (at < 0) return [...rest, next];
  rest.splice(at, 0, next);
  return rest;
}

function quoted(text: string): string {
  return `“${text}”`;
}

/**
 * A filter in words, for the list of active filters.
 *
 * @example
 * describeFilter({ column: 'cjv', type: 'range', min: 0.5 }) // 'cjv ≥ 0.5'
 * describeFilter({ column: 'cjv', type: 'range', min: 0.2, max: 0.5 }) // '0.2 ≤ cjv ≤ 0.5'
 * describeFilter({ column: 'm', type: 'in', values: ['GE', 'Siemens'] }) // 'm is “GE” or “Siemens”'
 */
export function describeFilter(filter: FilterSpec): string {
  const name = filter.column;
  switch (filter.type) {
    case 'range':
      if (filter.min !== undefined && filter.max !== undefined) {
        return `${filter.min} ≤ ${name} ≤ ${filter.max}`;
      }
      return filter.min !== undefined ? `${name} ≥ ${filter.min}` : `${name} ≤ ${filter.max}`;
    case 'equals':
      return filter.value === '' ? `${name} is empty` : `${name} is ${quoted(filter.value)}`;
    case 'contains':
      return `${name} contains ${quoted(filter.text)}`;
    case 'in': {
      const parts = filter.values.map(quoted);
      if (filter.missing) parts.push('missing');
      return parts.length === 0 ? `${name}: nothing selected` : `${name} is ${parts.join(' or ')}`;
    }
  }
}
