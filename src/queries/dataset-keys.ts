import type { ViewSpec } from '../frame/view-spec.ts';

/**
 * The one factory of cache keys for stored data (IndexedDB is this app's server state, cached
 * by TanStack Query like remote data). Reads are declared beside it: dataset-queries.ts (frame,
 * columns, views), storage-estimate.ts, and the Datasets and Download features' own readers;
 * run-invalidation.ts says which keys a download or a delete changes.
 *
 * @example
 * queryClient.invalidateQueries({ queryKey: datasetKeys.list() });
 */
export const datasetKeys = {
  all: ['datasets'] as const,
  /** Every stored dataset (the Datasets list). */
  list: () => [...datasetKeys.all, 'list'] as const,
  /** What the browser holds for one query: counts, completeness, an unfinished job. */
  saved: (datasetKey: string) => [...datasetKeys.all, 'saved', datasetKey] as const,
  /** The stored dataset opened as a lazy frame (null when nothing is stored). */
  frame: (datasetKey: string) => [...datasetKeys.all, 'frame', datasetKey] as const,
  /** One column of one opened frame (`opened` tells frames apart, see frameId). */
  column: (opened: number, name: string) => [...datasetKeys.all, 'column', opened, name] as const,
  /** A column's first rows (or all of it, once read) in one opened frame. */
  firstRows: (opened: number, name: string) =>
    [...datasetKeys.all, 'first-rows', opened, name] as const,
  /** The rows of a view (dedup, filters, sort) over one opened frame. */
  view: (datasetKey: string, opened: number, spec: ViewSpec) =>
    [...datasetKeys.all, 'view', datasetKey, opened, spec] as const,
  /** A column's values counted in a view (its other filters applied) over one opened frame. */
  categoryCounts: (
    datasetKey: string,
    opened: number,
    spec: Pick<ViewSpec, 'dedup' | 'keep' | 'show' | 'filters'>,
    column: string,
  ) => [...datasetKeys.all, 'category-counts', datasetKey, opened, spec, column] as const,
  /** Every count computed for a dataset. */
  countsOf: (datasetKey: string) => [...datasetKeys.all, 'counts', datasetKey] as const,
  /** Unique records of a dataset at a stored count (a new count is a new key). */
  counts: (datasetKey: string, stored: number) =>
    [...datasetKeys.countsOf(datasetKey), stored] as const,
  /** The browser's storage use and quota. */
  storage: () => ['storage-estimate'] as const,
};
