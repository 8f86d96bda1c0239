import type { DedupKeep, DedupKey } from './dedup.ts';

/**
 * How the stored records are shown: dedup key and keep rule, which rows (all / unique /
 * duplicates), column filters, sort, visible columns. It lives in the page URL next to the
 * query (`?…&show=unique&sort=-snr_total&f=bids_meta.Manufacturer:in:["GE"]`), so a reload or
 * a shared link gives the same table, charts and export. Pure: no React, no `window`.
 */

export type RowsView = 'all' | 'unique' | 'duplicates';

/** A filter on a named column (the frame's `Filter` holds the loaded column instead). */
export type FilterSpec =
  | {
      readonly column: string;
      readonly type: 'range';
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly column: string; readonly type: 'equals'; readonly value: string }
  | { readonly column: string; readonly type: 'contains'; readonly text: string }
  | {
      readonly column: string;
      readonly type: 'in';
      readonly values: readonly string[];
      readonly missing?: boolean;
    };

export interface SortSpec {
  readonly column: string;
  readonly desc: boolean;
}

export interface ViewSpec {
  readonly dedup: DedupKey;
  readonly keep: DedupKeep;
  readonly show: RowsView;
  /** First key most significant. */
  readonly sort: readonly SortSpec[];
  /** ANDed. */
  readonly filters: readonly FilterSpec[];
  /** Visible columns in order; null = the modality's defaults. */
  readonly columns: readonly string[] | null;
}

export const DEFAULT_VIEW: ViewSpec = {
  dedup: 'md5sum',
  keep: 'first',
  show: 'all',
  sort: [],
  filters: [],
  columns: null,
};

/** The URL params this module owns; every other param is someone else's. */
export const VIEW_PARAMS = ['dedup', 'keep', 'show', 'sort', 'f', 'cols'] as const;

const SHOWS: readonly RowsView[] = ['all', 'unique', 'duplicates'];

function parseSort(text: string): SortSpec[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== '-')
    .map((part) =>
      part.startsWith('-') ? { column: part.slice(1), desc: true } : { column: part, desc: false },
    );
}

function parseBound(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * One `f` param: `column:op:argument`, op = `range` (`min..max`, either side empty), `eq`,
 * `contains`, `in` (a JSON array of strings; `null` in it keeps missing values).
 * Unreadable params are dropped (null): a hand-edited link must not break the page.
 *
 * @example
 * parseFilter('snr_total:range:5..') // { column: 'snr_total', type: 'range', min: 5 }
 */
export function parseFilter(text: string): FilterSpec | null {
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  if (first <= 0 || second < 0) return null;
  const column = text.slice(0, first);
  const op = text.slice(first + 1, second);
  const arg = text.slice(second + 1);
  switch (op) {
    case 'range': {
      const dots = arg.indexOf('..');
      if (dots < 0) return null;
      const min = parseBound(arg.slice(0, dots));
      const max = parseBound(arg.slice(dots + 2));
      if (min === undefined && max === undefined) return null;
      return {
        column,
        type: 'range',
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
      };
    }
    case 'eq':
      return { column, type: 'equals', value: arg };
    case 'contains':
      return arg === '' ? null : { column, type: 'contains', text: arg };
    case 'in': {
      try {
        const parsed: unknown = JSON.parse(arg);
        if (!Array.isArray(parsed)) return null;
        const values = parsed.filter((v): v is string => typeof v === 'string');
        const missing = parsed.includes(null);
        return { column, type: 'in', values, ...(missing ? { missing } : {}) };
      } catch {
        return null;
      }
    }
    default:
      return null;
  }
}

/** The `f` param of a filter (inverse of {@link parseFilter}). */
export function formatFilter(filter: FilterSpec): string {
  switch (filter.type) {
    case 'range':
      return `${filter.column}:range:${filter.min ?? ''}..${filter.max ?? ''}`;
    case 'equals':
      return `${filter.column}:eq:${filter.value}`;
    case 'contains':
      return `${filter.column}:contains:${filter.text}`;
    case 'in':
      return `${filter.column}:in:${JSON.stringify(filter.missing ? [...filter.values, null] : filter.values)}`;
  }
}

/**
 * The view from URL params (`new URLSearchParams(location.search)` or the query's `extra`
 * pairs). Missing or unreadable params take the defaults.
 *
 * @example
 * parseViewSpec([['show', 'unique'], ['sort', '-cjv']]).sort // [{ column: 'cjv', desc: true }]
 */
export function parseViewSpec(params: Iterable<readonly [string, string]>): ViewSpec {
  const get = new Map<string, string>();
  const filters: FilterSpec[] = [];
  for (const [key, value] of params) {
    if (key === 'f') {
      const filter = parseFilter(value);
      if (filter) filters.push(filter);
    } else if (!get.has(key)) get.set(key, value);
  }
  const dedup = get.get('dedup') === 'md5sum+version' ? 'md5sum+version' : 'md5sum';
  const keep = get.get('keep') === 'last' ? 'last' : 'first';
  const showParam = get.get('show') as RowsView | undefined;
  const show = showParam && SHOWS.includes(showParam) ? showParam : 'all';
  const cols = get.get('cols');
  const columns = cols === undefined ? null : cols.split(',').filter((c) => c !== '');
  return { dedup, keep, show, sort: parseSort(get.get('sort') ?? ''), filters, columns };
}

/**
 * The URL params of a view, defaults left out (so a plain query URL stays short).
 *
 * @example
 * viewSpecParams({ ...DEFAULT_VIEW, show: 'unique' }) // [['show', 'unique']]
 */
export function viewSpecParams(spec: ViewSpec): [string, string][] {
  const out: [string, string][] = [];
  if (spec.dedup !== DEFAULT_VIEW.dedup) out.push(['dedup', spec.dedup]);
  if (spec.keep !== DEFAULT_VIEW.keep) out.push(['keep', spec.keep]);
  if (spec.show !== DEFAULT_VIEW.show) out.push(['show', spec.show]);
  if (spec.sort.length > 0)
    out.push(['sort', spec.sort.map((s) => `${s.desc ? '-' : ''}${s.column}`).join(',')]);
  for (const filter of spec.filters) out.push(['f', formatFilter(filter)]);
  if (spec.columns) out.push(['cols', spec.columns.join(',')]);
  return out;
}
