import { type QueryObserverResult, useQueries } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { Column } from '../frame/column.ts';
import type { Frame } from '../frame/frame.ts';
import { errorMessage } from '../lib/error-message.ts';
import { columnQueryOptions } from './dataset-queries.ts';

export interface ColumnsState {
  /** Per name asked, the column once it is in memory (undefined: still loading, or failed). */
  readonly columns: readonly (Column | undefined)[];
  /** Columns that could not be read, with the reason. */
  readonly errors: ReadonlyMap<string, string>;
  /** Some column is still being read. */
  readonly loading: boolean;
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

/**
 * The named columns of the frame, each read once (the frame caches it) and shown as it
 * arrives: the table fills column by column instead of waiting for all, and columns another
 * view already read are there at once. Pass a stable `names` array (memoised).
 */
export function useColumns(frame: Frame, names: readonly string[]): ColumnsState {
  const combine = useCallback(
    (results: QueryObserverResult<Column>[]): Arrived => {
      const errors: Array<[string, string]> = [];
      results.forEach((r, i) => {
        if (r.error) errors.push([names[i]!, errorMessage(r.error)]);
      });
      return { arrived: results.map((r) => (r.data ? 1 : 0)).join(''), errors };
    },
    [names],
  );
  const { arrived, errors } = useQueries({
    queries: names.map((name) => columnQueryOptions(frame, name)),
    combine,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `arrived` marks a column that came in
  const columns = useMemo(() => names.map((name) => frame.loaded(name)), [frame, names, arrived]);
  const failed = useMemo(() => new Map<string, string>(errors), [errors]);
  return useMemo(
    () => ({
      columns,
      errors: failed,
      loading: columns.some((c, i) => !c && !failed.has(names[i]!)),
    }),
    [columns, failed, names],
  );
}
