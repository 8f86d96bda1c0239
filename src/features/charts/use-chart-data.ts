import { useMemo, useRef } from 'react';
import type { CategoryCounts } from '../../frame/categories.ts';
import type { Column } from '../../frame/column.ts';
import { uploadTimes } from '../../frame/created-time.ts';
import { type CumulativeCounts, cumulativeCounts } from '../../frame/cumulative.ts';
import type { Frame } from '../../frame/frame.ts';
import { type GroupSummaries, summarizeGroups } from '../../frame/group-summary.ts';
import type { RowGroups } from '../../frame/histogram.ts';
import { CREATED, type FrameView } from '../../frame/view.ts';
import { useColumns } from '../../queries/use-columns.ts';
import { chartGroups, type Grouping } from './chart-groups.ts';
import { GROUP_COLUMNS, type GroupBy } from './chart-text.ts';

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
            created ? uploadTimes(created) : new Float64Array(frame.rowCount).fill(Number.NaN),
            rows,
            dedup.isKept,
          )
        : null,
    [columns, created, rows, dedup, frame],
  );
  const maker = columns?.get(GROUP_COLUMNS.manufacturer);
  const field = columns?.get(GROUP_COLUMNS.field);
  const version = columns?.get(GROUP_COLUMNS.version);
  const { counts, grouping } = useMemo(() => {
    const columns: Parameters<typeof chartGroups>[0] = {
      ...(maker ? { manufacturer: maker } : {}),
      ...(field ? { field } : {}),
      ...(version ? { version } : {}),
    };
    return chartGroups(columns, rows, groupBy);
  }, [maker, field, version, rows, groupBy]);
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
