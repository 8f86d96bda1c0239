import { type QueryObserverResult, useQueries } from '@tanstack/react-query';
import { useCallback } from 'react';
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
 * The named columns of the frame, each read once (the frame caches it) and shown as it
 * arrives: the table fills column by column instead of waiting for all, and columns another
 * view already read are there at once. Pass a stable `names` array (memoised).
 */
export function useColumns(frame: Frame, names: readonly string[]): ColumnsState {
  const combine = useCallback(
    (results: QueryObserverResult<Column>[]): ColumnsState => {
      const errors = new Map<string, string>();
      results.forEach((r, i) => {
        if (r.error) errors.set(names[i]!, errorMessage(r.error));
      });
      return {
        columns: results.map((r) => r.data),
        errors,
        loading: results.some((r) => r.isPending),
      };
    },
    [names],
  );
  return useQueries({ queries: names.map((name) => columnQueryOptions(frame, name)), combine });
}
