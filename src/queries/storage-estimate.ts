import { queryOptions } from '@tanstack/react-query';
import { datasetKeys } from './dataset-keys.ts';

export interface StorageEstimate {
  usage: number;
  quota: number;
}

/** `navigator.storage.estimate()`, or null where the browser doesn't say. */
export async function readStorageEstimate(): Promise<StorageEstimate | null> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  return estimate ? { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 } : null;
}

/** Re-read when a run ends or a dataset is deleted (run-invalidation.ts). */
export const storageEstimateQueryOptions = () =>
  queryOptions({ queryKey: datasetKeys.storage(), queryFn: readStorageEstimate });
