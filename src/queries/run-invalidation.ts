import type { QueryClient } from '@tanstack/react-query';
import { sharedDb } from '../store/connection.ts';
import { getDataset } from '../store/datasets.ts';
import { datasetKeys } from './dataset-keys.ts';
import { frameQueryOptions } from './dataset-queries.ts';

/** Records stored for a dataset, as its counters say (0 when none). */
export async function readStoredCount(datasetKey: string): Promise<number> {
  return (await getDataset(await sharedDb(), datasetKey))?.stored ?? 0;
}

/**
 * A download or refresh of `datasetKey` ended (done, paused, failed): what it may have changed
 * is read again — the saved summary, the list, storage use — and the open frame is reopened
 * only if the stored count differs from the rows it holds (reopening 1M rows costs a second;
 * a paused run that added nothing costs nothing). `stored` is the count the run reported, if
 * it did; otherwise it is read.
 */
export async function invalidateAfterRun(
  client: QueryClient,
  datasetKey: string,
  stored?: number,
): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: datasetKeys.saved(datasetKey) }),
    client.invalidateQueries({ queryKey: datasetKeys.list() }),
    client.invalidateQueries({ queryKey: datasetKeys.storage() }),
  ]);
  const frame = client.getQueryData(frameQueryOptions(datasetKey).queryKey);
  const count = stored ?? (await readStoredCount(datasetKey));
  // undefined: not open, or still opening (from before the run's last writes): open again.
  if (frame === undefined || (frame?.rowCount ?? 0) !== count) {
    await client.invalidateQueries({ queryKey: datasetKeys.frame(datasetKey) });
  }
}

/** `datasetKey` was deleted: everything read about it, the list and storage use are stale. */
export async function invalidateDeleted(client: QueryClient, datasetKey: string): Promise<void> {
  await Promise.all(
    [
      datasetKeys.list(),
      datasetKeys.saved(datasetKey),
      datasetKeys.frame(datasetKey),
      datasetKeys.countsOf(datasetKey),
      datasetKeys.storage(),
    ].map((queryKey) => client.invalidateQueries({ queryKey })),
  );
}
