import { useQuery } from '@tanstack/react-query';
import type { Frame } from '../frame/frame.ts';
import type { FrameView } from '../frame/view.ts';
import type { ViewSpec } from '../frame/view-spec.ts';
import { errorMessage } from '../lib/error-message.ts';
import { viewQueryOptions } from './dataset-queries.ts';

export interface FrameViewState {
  /** The latest finished view (kept while a newer one computes, so the table doesn't blank). */
  view: FrameView | null;
  /** A newer view is being computed. */
  pending: boolean;
  error: string | null;
}

/** Where datasetKeys.view puts the dataset's key. */
const DATASET_AT = 2;

/** The rows of `spec` over `frame`, recomputed when either changes; the latest request wins. */
export function useFrameView(
  datasetKey: string,
  frame: Frame | null,
  spec: ViewSpec,
): FrameViewState {
  const query = useQuery({
    ...viewQueryOptions(datasetKey, frame, spec),
    // The previous view of the same dataset stays on screen while this one computes, as long
    // as its rows exist in this frame (a reopened frame holds more rows, or as many).
    placeholderData: (previous, previousQuery) =>
      frame &&
      previous &&
      previousQuery?.queryKey[DATASET_AT] === datasetKey &&
      previous.dedup.groupId.length <= frame.rowCount
        ? previous
        : undefined,
  });
  if (!frame) return { view: null, pending: false, error: null };
  return {
    view: query.data ?? null,
    pending: query.isFetching,
    error: query.error ? errorMessage(query.error) : null,
  };
}
