import { type QueryObserverResult, useQueries } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { Column } from '../frame/column.ts';
import type { Frame } from '../frame/frame.ts';
import { errorMessage } from '../lib/error-message.ts';
import { columnFirstRowsQueryOptions, columnQueryOptions } from './dataset-queries.ts';

export interface ColumnsState {
  /** Per name asked, the column once it is in memory (undefined: still loading, or failed). */
  readonly columns: readonly (Column | undefined)[];
  /** Columns that could not be read, with the reason. */
  readonly errors: ReadonlyMap<string, string>;
  /** Some column is still being read. */
  readonly loading: boolean;
  /**
   * With `firstRows`: per name, the whole column when it is in, else its first rows once read
   * (shorter than the frame), else undefined. Without, the same as `columns`.
   */
  readonly shown: readonly (Column | undefined)[];
  /** Some column has nothing to show yet: neither its first rows nor all of it (nor an error). */
  readonly waiting: boolean;
}

/**
 * Which columns are in, as plain values: TanStack Query compares what `combine` returns value
 * by value, and must never walk (or copy) a 1M-row column. The columns themselves come from
 * the frame, which holds each one it read.
 */
interface Arrived {
  arrived: string;
  /** [name, reason] of the columns that failed (pairs: a field may be named `__proto__`). */
  errors: Array<[string, string]>;
}

/** `arrived` while whole columns shown from their first rows are still being read. */
const READING = 'reading';

/** Per first-rows read: 1 in, 0 failed, - still reading. */
const headsIn = (results: QueryObserverResult<Column>[]): string =>
  results.map((r) => (r.data ? '1' : r.error ? '0' : '-')).join('');

/**
 * The named columns of the frame, each read once (the frame caches it) and shown as it
 * arrives: the table fills column by column instead of waiting for all, and columns another
 * view already read are there at once. With `firstRows`, each column's first rows are read
 * first (a few kilobytes each), so the top of a table shows while the whole columns load, and
 * the whole columns take their place together, once all are in; a first-rows read that fails
 * only waits for the whole column, whose error is the one reported.
 * Pass a stable `names` array (memoised).
 */
export function useColumns(
  frame: Frame,
  names: readonly string[],
  options: { firstRows?: boolean } = {},
): ColumnsState {
  // Once every whole column is in, the first-rows queries go: each observer costs every render
  // of the table (a sort renders it several times).
  const withFirstRows = options.firstRows === true && names.some((name) => !frame.loaded(name));
  const heads = useQueries({
    queries: withFirstRows ? names.map((name) => columnFirstRowsQueryOptions(frame, name)) : [],
    combine: headsIn,
  });
  // Whole columns are asked once every first-rows read is done, so they queue behind them in
  // the reader workers instead of ahead.
  const headsSettled = !heads.includes('-');
  const combine = useCallback(
    (results: QueryObserverResult<Column>[]): Arrived => {
      const errors: Array<[string, string]> = [];
      results.forEach((r, i) => {
        if (r.error) errors.push([names[i]!, errorMessage(r.error)]);
      });
      // Shown from their first rows, whole columns change nothing on screen until all are in:
      // taken one by one, each re-rendered the table and its rows (14 renders in a 1M open, on
      // the main thread the reader workers share the cores with).
      const settled = results.every((r) => r.data || r.error);
      const arrived =
        withFirstRows && !settled ? READING : results.map((r) => (r.data ? 1 : 0)).join('');
      return { arrived, errors };
    },
    [names, withFirstRows],
  );
  const { arrived, errors } = useQueries({
    queries: names.map((name) => ({ ...columnQueryOptions(frame, name), enabled: headsSettled })),
    combine,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `arrived` marks a column that came in
  const columns = useMemo(() => names.map((name) => frame.loaded(name)), [frame, names, arrived]);
  const shown = useMemo(
    () =>
      withFirstRows
        ? names.map(
            (name, i) => columns[i] ?? (heads[i] === '1' ? frame.firstRowsIn(name) : undefined),
          )
        : columns,
    [withFirstRows, names, columns, heads, frame],
  );
  const failed = useMemo(() => new Map<string, string>(errors), [errors]);
  return useMemo(
    () => ({
      columns,
      errors: failed,
      loading: columns.some((c, i) => !c && !failed.has(names[i]!)),
      shown,
      waiting: shown.some((c, i) => !c && !failed.has(names[i]!)),
    }),
    [columns, failed, names, shown],
  );
}
