import { useMemo, useRef } from 'react';
import { type CategoryCounts, categoryCodes, countCategories } from '../../frame/categories.ts';
import type { Column } from '../../frame/column.ts';
import { createdTimes } from '../../frame/created-time.ts';
import { type CumulativeCounts, cumulativeCounts } from '../../frame/cumulative.ts';
import type { Frame } from '../../frame/frame.ts';
import { type GroupSummaries, summarizeGroups } from '../../frame/group-summary.ts';
import type { RowGroups } from '../../frame/histogram.ts';
import { CREATED, type FrameView } from '../../frame/view.ts';
import { useColumns } from '../../queries/use-columns.ts';
import { GROUP_COLUMNS, type GroupBy, groupLabel } from './chart-text.ts';

/**
 * Bars per count chart (versions: more, as the crowd spreads over dozens of releases); groups
 * per distribution (more lines than this can't be told apart).
 */
const TOP_BARS = 12;
const TOP_VERSIONS = 20;
const TOP_GROUPS = 6;

export interface Grouping {
  readonly groups: RowGroups;
  readonly labels: readonly string[];
}

export interface ChartData {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  timeline: CumulativeCounts | null;
  counts: Partial<Record<Exclude<GroupBy, 'none'>, CategoryCounts>>;
  grouping: Grouping | null;
  /** Per charted IQM: its values, or null when the column isn't numeric. */
  values: ReadonlyMap<string, Float64Array | null>;
  summaries: ReadonlyMap<string, GroupSummaries>;
}

const BY = ['manufacturer', 'field', 'version'] as const;

function countsOf(
  column: Column | undefined,
  rows: Uint32Array,
  order: 'count' | 'label',
  top = TOP_BARS,
) {
  return column ? countCategories(categoryCodes(column), rows, { top, order }) : null;
}

/** Summaries per column, kept while the rows and grouping stay the same objects. */
type SummaryCache = WeakMap<
  Column,
  { rows: Uint32Array; groups: RowGroups | null; value: GroupSummaries }
>;

/**
 * Everything the charts draw, computed from typed arrays over the view's rows: the timeline,
 * counts per manufacturer / field strength / version, the grouping, and each IQM's summaries.
 * Each piece is recomputed only when its own inputs change (adding an IQM recomputes that one).
 */
export function useChartData(
  frame: Frame,
  view: FrameView,
  iqms: readonly string[],
  groupBy: GroupBy,
): ChartData {
  const names = useMemo(
    () => [CREATED, ...Object.values(GROUP_COLUMNS), ...iqms].filter((n) => frame.has(n)),
    [frame, iqms],
  );
  const loaded = useColumns(frame, names);
  // Charts are drawn once every column they need is in memory.
  const error = loaded.errors.values().next().value ?? null;
  const ready = !loaded.loading && error === null;
  const columns = useMemo(
    () => (ready ? new Map(names.map((name, i) => [name, loaded.columns[i]!])) : null),
    [ready, loaded.columns, names],
  );
  const { rows, dedup } = view;
  const created = columns?.get(CREATED);
  const timeline = useMemo(
    () =>
      columns
        ? cumulativeCounts(
            created ? createdTimes(created) : new Float64Array(frame.rowCount).fill(Number.NaN),
            rows,
            dedup.isKept,
          )
        : null,
    [columns, created, rows, dedup, frame],
  );
  const maker = columns?.get(GROUP_COLUMNS.manufacturer);
  const field = columns?.get(GROUP_COLUMNS.field);
  const version = columns?.get(GROUP_COLUMNS.version);
  const counts = useMemo(() => {
    const out: ChartData['counts'] = {};
    const m = countsOf(maker, rows, 'count');
    const f = countsOf(field, rows, 'label');
    const v = countsOf(version, rows, 'label', TOP_VERSIONS);
    if (m) out.manufacturer = m;
    if (f) out.field = f;
    if (v) out.version = v;
    return out;
  }, [maker, field, version, rows]);
  const groupColumn = groupBy === 'none' ? undefined : columns?.get(GROUP_COLUMNS[groupBy]);
  const grouping = useMemo((): Grouping | null => {
    if (groupBy === 'none' || !groupColumn) return null;
    const c = countCategories(categoryCodes(groupColumn), rows, {
      top: TOP_GROUPS,
      order: groupBy === 'manufacturer' ? 'count' : 'label',
    });
    return { groups: c.groups, labels: c.categories.map((cat) => groupLabel(groupBy, cat)) };
  }, [groupBy, groupColumn, rows]);
  const cache = useRef<SummaryCache>(new WeakMap());
  const values = new Map<string, Float64Array | null>();
  const summaries = new Map<string, GroupSummaries>();
  if (columns) {
    for (const name of iqms) {
      const column = columns.get(name);
      if (!column) continue;
      values.set(name, column.kind === 'number' ? column.values : null);
      if (column.kind !== 'number') continue;
      const hit = cache.current.get(column);
      const groups = grouping?.groups ?? null;
      if (hit && hit.rows === rows && hit.groups === groups) {
        summaries.set(name, hit.value);
        continue;
      }
      const value = summarizeGroups(column.values, rows, groups ?? undefined);
      cache.current.set(column, { rows, groups, value });
      summaries.set(name, value);
    }
  }
  const status = error ? 'error' : columns ? 'ready' : 'loading';
  return { status, error, timeline, counts, grouping, values, summaries };
}

export { BY as COUNT_CHARTS };
