import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { datasetKeys } from '../../queries/dataset-keys.ts';
import { storageEstimateQueryOptions } from '../../queries/storage-estimate.ts';

export interface StorageInfo {
  usage: number;
  quota: number;
  /** null until asked (when a download starts). */
  persisted: boolean | null;
}

/**
 * `navigator.storage.estimate()` (the query the Datasets list shows too, re-read when a run
 * ends or a dataset is deleted); `persist()` asked when a download starts.
 */
export function useStorageEstimate() {
  const client = useQueryClient();
  const { data } = useQuery(storageEstimateQueryOptions());
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const refresh = useCallback(
    () => client.invalidateQueries({ queryKey: datasetKeys.storage() }),
    [client],
  );
  const persist = useCallback(async () => {
    if (!navigator.storage?.persist) return;
    setPersisted(await navigator.storage.persist().catch(() => false));
  }, []);
  const storage: StorageInfo | null = data ? { ...data, persisted } : null;
  return { storage, refreshStorage: refresh, persistStorage: persist };
}
