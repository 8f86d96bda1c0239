import { queryOptions } from '@tanstack/react-query';
import { noteDatasetsHeld, sharedDb } from '../store/connection.ts';
import { listDatasets } from '../store/datasets.ts';
import { datasetKeys } from './dataset-keys.ts';

export interface StorageEstimate {
  usage: number;
  quota: number;
  /** Whether the browser keeps this site's data until the user deletes it; null: can't tell. */
  persisted: boolean | null;
  /** Records stored over all datasets (what `usage` holds, to measure bytes per record). */
  records: number;
}

/**
 * `navigator.storage.estimate()` and `persisted()` with the records they hold, or null where the
 * browser doesn't say. The datasets listed for the count also go to the lost-datasets check
 * (connection.ts): one of them missing later was lost, not deleted.
 */
export async function readStorageEstimate(): Promise<StorageEstimate | null> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.estimate) return null;
  const [estimate, persisted, records] = await Promise.all([
    storage.estimate().catch(() => null),
    storage.persisted?.().catch(() => null) ?? null,
    storedRecords(),
  ]);
  if (!estimate) return null;
  return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted, records };
}

/** Records held over all datasets (the dataset records are small counters). */
async function storedRecords(): Promise<number> {
  const datasets = await listDatasets(await sharedDb()).catch(() => []);
  noteDatasetsHeld(datasets);
  return datasets.reduce((sum, d) => sum + d.stored, 0);
}

/** Re-read when a run ends or a dataset is deleted (run-invalidation.ts), and while one runs. */
export const storageEstimateQueryOptions = () =>
  queryOptions({ queryKey: datasetKeys.storage(), queryFn: readStorageEstimate });
