import { useQuery } from '@tanstack/react-query';
import { buildWhere } from '../../../api/eve-url.ts';
import { type ExplorerQuery, requestTooLong, toRecordQuery } from '../../../api/explorer-query.ts';
import { countKey } from '../../../api/facets.ts';
import type { SourceStatus } from '../messages.ts';
import { countQueryOptions } from './count-query.ts';
import { useDebounced } from './use-debounced.ts';

/** Wait this long after the last change before counting: one request where the user stopped. */
export const LIVE_COUNT_DEBOUNCE_MS = 400;

export type LiveCountState =
  /** Nothing to count yet: the source is being checked, or failed its check. */
  | { type: 'waiting'; source: SourceStatus }
  /** The query can't be sent as it stands (its filter, its length): the form says why. */
  | { type: 'unusable' }
  | { type: 'pending' }
  /** `updating`: the query changed and its own count is on the way; `total` is the last one. */
  | { type: 'success'; total: number; countedAt: number; updating: boolean }
  | { type: 'error'; error: unknown };

/** The query's records as one count request, or null when it can't be sent. */
function countRequest(query: ExplorerQuery) {
  const records = toRecordQuery(query);
  if (records.type === 'invalid' || requestTooLong(query)) return null;
  return {
    base: query.source,
    modality: query.modality,
    where: buildWhere(records.query),
    whereKey: countKey(records.query),
  };
}

/**
 * How many records the query matches, asked as the query changes (debounced, one
 * `max_results=1` request, cached per source + collection + where; a superseded count is
 * cancelled). Counts only once the source has answered its check.
 */
export function useLiveCount(
  query: ExplorerQuery,
  source: SourceStatus,
  /** The form is folded away: nothing is asked until it shows. */
  paused = false,
): LiveCountState {
  const request = countRequest(query);
  const key = request ? `${request.base} ${request.modality} ${request.whereKey}` : '';
  const settled = useDebounced(request, key, LIVE_COUNT_DEBOUNCE_MS);
  const asked = settled.value;
  const enabled = !paused && asked !== null && source.type === 'answering';
  const result = useQuery({
    ...countQueryOptions(
      asked?.base ?? '',
      asked?.modality ?? 'T1w',
      asked?.where ?? null,
      asked?.whereKey ?? '',
    ),
    enabled,
    // The last count stays on screen, marked as updating, rather than blinking away per key.
    placeholderData: (previous) => previous,
  });
  if (!request) return { type: 'unusable' };
  if (source.type !== 'answering') return { type: 'waiting', source };
  if (result.status === 'error' && settled.key === key) {
    return { type: 'error', error: result.error };
  }
  if (result.data === undefined) return { type: 'pending' };
  return {
    type: 'success',
    total: result.data,
    countedAt: result.dataUpdatedAt,
    updating: settled.key !== key || result.isPlaceholderData || result.isFetching,
  };
}
