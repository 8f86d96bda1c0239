import { queryOptions, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { datasetKeys } from '../../queries/dataset-keys.ts';
import { invalidateDeleted } from '../../queries/run-invalidation.ts';
import { storageEstimateQueryOptions } from '../../queries/storage-estimate.ts';
import { requestCompaction } from '../../store/compaction-client.ts';
import { noteDeleted, sharedDb } from '../../store/connection.ts';
import { browserLocks, withDatasetLock } from '../../store/dataset-lock.ts';
import { type DatasetRecord, deleteThenFree, listDatasets } from '../../store/datasets.ts';
import { countUnique } from './unique-count.ts';

export interface DatasetList {
  datasets: DatasetRecord[];
  /** navigator.storage.estimate().usage, null when the browser doesn't say. */
  usage: number | null;
}

/** Every stored dataset, newest refresh first. */
export async function readDatasets(): Promise<DatasetRecord[]> {
  const datasets = await listDatasets(await sharedDb());
  return datasets.sort((a, b) => b.updatedAt - a.updatedAt);
}

export const datasetListQueryOptions = () =>
  queryOptions({ queryKey: datasetKeys.list(), queryFn: readDatasets });

export const uniqueCountQueryOptions = (key: string, stored: number) =>
  queryOptions({
    queryKey: datasetKeys.counts(key, stored),
    queryFn: () => countUnique(key),
    staleTime: Number.POSITIVE_INFINITY,
  });

/**
 * The list and the origin's storage use (shown together: sizes are the use shared out by
 * records), re-read when a download starts or ends (its counts change then), in this tab or
 * another (`otherTabs` changes then).
 */
export function useDatasetList(activeKey: string | null, otherTabs = '') {
  const client = useQueryClient();
  const query = useQueries({
    queries: [datasetListQueryOptions(), storageEstimateQueryOptions()],
    combine: ([list, storage]) => {
      if (list.isPending || storage.isPending) {
        return { isPending: true, isError: false, error: null, data: undefined } as const;
      }
      if (list.isError) {
        return { isPending: false, isError: true, error: list.error, data: undefined } as const;
      }
      const data: DatasetList = { datasets: list.data, usage: storage.data?.usage ?? null };
      return { isPending: false, isError: false, error: null, data } as const;
    },
  });
  useEffect(() => {
    void activeKey;
    void otherTabs;
    void client.invalidateQueries({ queryKey: datasetKeys.list() });
  }, [client, activeKey, otherTabs]);
  /**
   * Deletes a dataset. Its record goes first, under the dataset's lock (DatasetBusyError while
   * any tab downloads it): from then on it is gone for every list, view and tab, and `onGone`
   * is called (its origin-private files go too, under the lock: a compaction writes them).
   * Freeing its IndexedDB records takes longer (~18 s for a 1M-record dataset stored in small
   * appends) and needs no lock, so a download of the same query can start meanwhile (its writer
   * purges what is left first). Resolves once everything is freed.
   */
  const remove = useCallback(
    async (key: string, onGone?: () => void) => {
      const db = await sharedDb();
      const locks = browserLocks();
      let gone = false;
      try {
        await deleteThenFree(db, key, {
          locked: (step) => withDatasetLock(locks, key, step),
          forgotten: () => noteDeleted(key),
          gone: () => {
            gone = true;
            void invalidateDeleted(client, key);
            onGone?.();
          },
        });
      } catch (error) {
        // Freeing stopped: the compactor sweeps what a dataset no longer names.
        if (gone) requestCompaction(key);
        throw error;
      } finally {
        await invalidateDeleted(client, key);
      }
    },
    [client],
  );
  return { ...query, remove };
}

/** Unique records of one dataset, computed when listed (keyed by its record count). */
export function useUniqueCount(key: string, stored: number) {
  return useQuery(uniqueCountQueryOptions(key, stored));
}
