import type { Column } from './column.ts';
import { createdTimes } from './created-time.ts';
import { type DedupResult, type DedupSummary, dedupFromIndex, dedupRows } from './dedup.ts';
import { type Filter, filterRows } from './filter.ts';
import type { Frame } from './frame.ts';
import { sortIndex } from './sort.ts';
import type { FilterSpec, SortSpec, ViewSpec } from './view-spec.ts';

/** The columns dedup reads. */
export const MD5SUM = 'provenance.md5sum';
export const VERSION = 'provenance.version';
export const CREATED = '_created';

/** The rows a view shows, after dedup, filters and sort. */
export interface FrameView {
  /** Row indices into the frame, in display order. */
  readonly rows: Uint32Array;
  /** Dedup of the whole dataset (groups, sizes, which row is kept), for group badges. */
  readonly dedup: DedupResult;
  readonly summary: DedupSummary;
  /** Rows of the chosen view (all / unique / duplicates) before the filters. */
  readonly beforeFilters: number;
  readonly spec: ViewSpec;
}

/** Dedup per frame and mode: the same (key, keep) is computed once per frame. */
const dedupCache = new WeakMap<Frame, Map<string, Promise<DedupResult>>>();

/**
 * The frame's dedup for `spec.dedup` / `spec.keep` (cached per frame).
 *
 * @example
 * (await dedupOf(frame, DEFAULT_VIEW)).summary.unique
 */
export function dedupOf(
  frame: Frame,
  spec: Pick<ViewSpec, 'dedup' | 'keep'>,
): Promise<DedupResult> {
  let perFrame = dedupCache.get(frame);
  if (!perFrame) {
    perFrame = new Map();
    dedupCache.set(frame, perFrame);
  }
  const key = `${spec.dedup}|${spec.keep}`;
  let pending = perFrame.get(key);
  if (!pending) {
    pending = (async () => {
      const stored = await frame.storedDedupIndex(spec.dedup);
      const fromIndex =
        stored && stored.groupId.length === frame.rowCount
          ? dedupFromIndex(stored, spec.keep)
          : null;
      if (fromIndex) return fromIndex;
      const [md5sum, version, created] = await Promise.all([
        frame.has(MD5SUM) ? frame.load(MD5SUM) : undefined,
        spec.dedup === 'md5sum+version' && frame.has(VERSION) ? frame.load(VERSION) : undefined,
        frame.has(CREATED) ? frame.load(CREATED) : undefined,
      ]);
      return dedupRows(
        {
          rowCount: frame.rowCount,
          ...(md5sum ? { md5sum } : {}),
          ...(version ? { version } : {}),
          ...(created ? { created } : {}),
        },
        { key: spec.dedup, keep: spec.keep },
      );
    })();
    const cache = perFrame;
    pending.catch(() => cache.delete(key));
    perFrame.set(key, pending);
  }
  return pending;
}

/** The columns of the dedup key: md5sum, and the MRIQC version when it is part of the key. */
export function keyColumns(spec: Pick<ViewSpec, 'dedup'>): string[] {
  return spec.dedup === 'md5sum+version' ? [MD5SUM, VERSION] : [MD5SUM];
}

/**
 * The sort a view uses. The duplicates view, unless the user picked a sort, puts the copies of
 * one scan together (by the dedup key), each group in upload order (`_created`): in stored
 * (`_id`) order they would be scattered over the whole table.
 *
 * @example
 * effectiveSort({ ...DEFAULT_VIEW, show: 'duplicates' })
 * // [{ column: 'provenance.md5sum', desc: false }, { column: '_created', desc: false }]
 */
export function effectiveSort(
  spec: Pick<ViewSpec, 'show' | 'sort' | 'dedup'>,
): readonly SortSpec[] {
  if (spec.sort.length > 0 || spec.show !== 'duplicates') return spec.sort;
  return [...keyColumns(spec), CREATED].map((column) => ({ column, desc: false }));
}

/**
 * The columns a view shows: the duplicates view always shows the dedup key (first, when
 * hidden), so that which rows are copies of one scan can be seen.
 *
 * @example
 * shownColumns(['cjv'], { ...DEFAULT_VIEW, show: 'duplicates' }) // ['provenance.md5sum', 'cjv']
 */
export function shownColumns(
  visible: readonly string[],
  spec: Pick<ViewSpec, 'show' | 'dedup'>,
): readonly string[] {
  if (spec.show !== 'duplicates') return visible;
  const missing = keyColumns(spec).filter((c) => !visible.includes(c));
  return missing.length === 0 ? visible : [...missing, ...visible];
}

/** Date fields Eve sets on every record. */
const DATE_COLUMNS: ReadonlySet<string> = new Set([CREATED, '_updated']);

/**
 * What a column sorts by: upload dates by their time, not their text (which starts with the
 * weekday, so "Fri" would come before "Mon"); a date column holding no readable date at all
 * sorts as text.
 */
function sortKeyOf(name: string, column: Column): Column {
  if (!DATE_COLUMNS.has(name) || column.kind === 'number') return column;
  const times = createdTimes(column);
  return times.some((t) => !Number.isNaN(t)) ? { kind: 'number', values: times } : column;
}

async function toFilter(frame: Frame, spec: FilterSpec): Promise<Filter> {
  const column = await frame.load(spec.column);
  switch (spec.type) {
    case 'range':
      return {
        type: 'range',
        column,
        ...(spec.min === undefined ? {} : { min: spec.min }),
        ...(spec.max === undefined ? {} : { max: spec.max }),
      };
    case 'equals':
      return { type: 'equals', column, value: spec.value };
    case 'contains':
      return { type: 'contains', column, text: spec.text };
    case 'in':
      return {
        type: 'in',
        column,
        values: spec.values,
        ...(spec.missing ? { missing: true } : {}),
      };
  }
}

/**
 * The rows a filter on `column` would narrow: the view's rows (all / unique / duplicates) with
 * every other column's filters applied, unsorted. Counting a column's values over these gives
 * what each value would show once ticked, in the view the user is in.
 *
 * @example
 * const rows = await rowsBeforeFilterOn(frame, { ...DEFAULT_VIEW, show: 'unique' }, 'bids_meta.Manufacturer');
 * rows.length === (await dedupOf(frame, DEFAULT_VIEW)).summary.unique // true when no other filter
 */
export async function rowsBeforeFilterOn(
  frame: Frame,
  spec: ViewSpec,
  column: string,
): Promise<Uint32Array> {
  const dedup = await dedupOf(frame, spec);
  const others = spec.filters.filter((f) => f.column !== column);
  const filters = await Promise.all(others.map((f) => toFilter(frame, f)));
  const base = dedup[spec.show];
  return filters.length > 0 ? filterRows(base, filters) : base;
}

/**
 * The rows of a view: dedup view (all / unique / duplicates) → filters → sort. Loads the
 * columns it needs. Without a sort, rows stay in stored order (`_id` order, the server's),
 * except in the duplicates view ({@link effectiveSort}).
 *
 * @example
 * const view = await computeView(frame, { ...DEFAULT_VIEW, show: 'unique', sort: [{ column: 'cjv', desc: false }] });
 * view.rows.length === view.summary.unique // true when there are no filters
 */
export async function computeView(frame: Frame, spec: ViewSpec): Promise<FrameView> {
  const dedup = await dedupOf(frame, spec);
  const base = dedup[spec.show];
  const filters = await Promise.all(spec.filters.map((f) => toFilter(frame, f)));
  const filtered = filters.length > 0 ? filterRows(base, filters) : base;
  const sort = effectiveSort(spec);
  const sortColumns = await frame.loadMany(sort.map((s) => s.column));
  const rows =
    sort.length > 0
      ? sortIndex(
          filtered,
          sort.map((s, i) => ({ column: sortKeyOf(s.column, sortColumns[i]!), desc: s.desc })),
        )
      : filtered;
  return { rows, dedup, summary: dedup.summary, beforeFilters: base.length, spec };
}
