import { queryOptions, skipToken } from '@tanstack/react-query';
import type { Frame } from '../frame/frame.ts';
import { countValues } from '../frame/value-counts.ts';
import { computeView, rowsBeforeFilterOn } from '../frame/view.ts';
import type { ViewSpec } from '../frame/view-spec.ts';
import { openDatasetFrame } from '../store/column-reader.ts';
import { OPEN_DELAY_MS, requestCompaction } from '../store/compaction-client.ts';
import { readableDb } from '../store/connection.ts';
import { datasetKeys } from './dataset-keys.ts';

/**
 * Frames, columns and views are big (a 1M-row column is 8 MB): kept only while something shows
 * them (gcTime 0), never compared value by value (structuralSharing off), and never stale — they
 * change only when a download or delete invalidates them (run-invalidation.ts).
 */
const SHOWN_ONLY = {
  staleTime: Number.POSITIVE_INFINITY,
  gcTime: 0,
  structuralSharing: false,
} as const;

const frameIds = new WeakMap<Frame, number>();
let lastFrameId = 0;

/** A number naming one opened frame, for keys: a reopened dataset is a new frame. */
export function frameId(frame: Frame): number {
  let id = frameIds.get(frame);
  if (id === undefined) {
    id = ++lastFrameId;
    frameIds.set(frame, id);
  }
  return id;
}

/** The stored dataset as a lazy frame (no column read yet), or null when nothing is stored. */
export async function readDatasetFrame(datasetKey: string): Promise<Frame | null> {
  const opened = await openDatasetFrame(await readableDb(), datasetKey);
  // Appended chunks left to fold in (an older dataset, a run whose tab closed): the compactor
  // looks once the table's first reads are done.
  if (opened) requestCompaction(datasetKey, { delayMs: OPEN_DELAY_MS });
  return opened ? opened.frame : null;
}

export const frameQueryOptions = (datasetKey: string) =>
  queryOptions({
    queryKey: datasetKeys.frame(datasetKey),
    queryFn: () => readDatasetFrame(datasetKey),
    ...SHOWN_ONLY,
  });

/**
 * One column of `frame` (the frame itself caches it): a column already in memory — loaded by
 * another view — is there at once, without a render in between.
 */
export const columnQueryOptions = (frame: Frame, name: string) =>
  queryOptions({
    queryKey: datasetKeys.column(frameId(frame), name),
    queryFn: () => frame.load(name),
    initialData: () => frame.loaded(name),
    ...SHOWN_ONLY,
  });

/** A column's first rows, for a table's top before the whole column is read (Frame.loadFirstRows). */
export const columnFirstRowsQueryOptions = (frame: Frame, name: string) =>
  queryOptions({
    queryKey: datasetKeys.firstRows(frameId(frame), name),
    queryFn: () => frame.loadFirstRows(name),
    initialData: () => frame.loaded(name),
    ...SHOWN_ONLY,
  });

/** The rows of `spec` over `frame` (none while the frame is not open). */
export const viewQueryOptions = (datasetKey: string, frame: Frame | null, spec: ViewSpec) =>
  queryOptions({
    queryKey: datasetKeys.view(datasetKey, frame ? frameId(frame) : 0, spec),
    queryFn: frame ? () => computeView(frame, spec) : skipToken,
    ...SHOWN_ONLY,
  });

/**
 * The values of `column` (at most `limit` distinct, else null) counted over the rows of the view
 * `spec` shows with its other filters applied: what ticking each value would leave.
 */
export const categoryCountsQueryOptions = (
  datasetKey: string,
  frame: Frame,
  spec: ViewSpec,
  column: string,
  limit: number,
) => {
  const { dedup, keep, show, filters } = spec;
  const counted = { dedup, keep, show, filters };
  return queryOptions({
    queryKey: datasetKeys.categoryCounts(datasetKey, frameId(frame), counted, column),
    queryFn: async () => {
      const [rows, loaded] = await Promise.all([
        rowsBeforeFilterOn(frame, { ...spec, ...counted }, column),
        frame.load(column),
      ]);
      return countValues(loaded, limit, rows);
    },
    ...SHOWN_ONLY,
  });
};
