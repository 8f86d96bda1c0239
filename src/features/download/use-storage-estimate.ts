import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { datasetKeys } from '../../queries/dataset-keys.ts';
import {
  type StorageEstimate,
  storageEstimateQueryOptions,
} from '../../queries/storage-estimate.ts';

export type StorageInfo = StorageEstimate;

/** While a run writes (in this tab or another), the figure is re-read this often. */
const LIVE_INTERVAL_MS = 5000;
/**
 * Chromium answers 0 to the first estimate after the browser starts (seen: 0 bytes with 20,000
 * records saved); a moment later it knows. Asked again this often, this many times, while 0.
 */
const ZERO_RETRY_MS = 1000;
const ZERO_RETRIES = 3;

/**
 * The storage estimate (the query the Datasets list shows too): re-read when a run ends or a
 * dataset is deleted, every few seconds while `live`, and when the tab is shown again.
 * `persistStorage` asks the browser to keep the data (done when a download starts).
 */
export function useStorageEstimate(live = false) {
  const client = useQueryClient();
  const { data } = useQuery({
    ...storageEstimateQueryOptions(),
    refetchInterval: (query) => {
      if (live) return LIVE_INTERVAL_MS;
      const zero = query.state.data?.usage === 0 && (query.state.data?.records ?? 0) > 0;
      return zero && query.state.dataUpdateCount <= ZERO_RETRIES ? ZERO_RETRY_MS : false;
    },
  });
  const refresh = useCallback(
    () => client.invalidateQueries({ queryKey: datasetKeys.storage() }),
    [client],
  );
  const persist = useCallback(async () => {
    if (!navigator.storage?.persist) return;
    await navigator.storage.persist().catch(() => false);
  }, []);

  useEffect(() => {
    const onShow = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onShow);
    return () => document.removeEventListener('visibilitychange', onShow);
  }, [refresh]);

  return { storage: data ?? null, refreshStorage: refresh, persistStorage: persist };
}
