import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { noteDeleted, sharedDb } from '../../store/connection.ts';
import { browserLocks, withDatasetLock } from '../../store/dataset-lock.ts';
import { type DatasetRecord, deleteDataset, listDatasets } from '../../store/datasets.ts';
import { countUnique } from './unique-count.ts';

export const datasetKeys = {
  all: ['datasets'] as const,
  list: () => [...datasetKeys.all, 'list'] as const,
  unique: (key: string, stored: number) => [...datasetKeys.all, 'unique', key, stored] as const,
};

export interface DatasetList {
  datasets: DatasetRecord[];
  /** navigator.storage.estimate().usage, null when the browser doesn't say. */
  usage: number | null;
}

/** Every stored dataset, newest refresh first, and the origin's storage use. */
export async function readDatasetList(): Promise<DatasetList> {
  const [datasets, estimate] = await Promise.all([
    sharedDb().then(listDatasets),
    navigator.storage?.estimate?.().catch(() => null) ?? Promise.resolve(null),
  ]);
  datasets.sort((a, b) => b.updatedAt - a.updatedAt);
  return { datasets, usage: estimate?.usage ?? null };
}

export const datasetListQueryOptions = () =>
  queryOptions({ queryKey: datasetKeys.list(), queryFn: readDatasetList });

/**
 * The list, re-read when a download starts or ends (its counts change then), in this tab or
 * another (`otherTabs` changes then).
 */
export function useDatasetList(activeKey: string | null, otherTabs = '') {
  const client = useQueryClient();
  const query = useQuery(datasetListQueryOptions());
  useEffect(() => {
    void activeKey;
    void otherTabs;
    void client.invalidateQueries({ queryKey: datasetKeys.list() });
  }, [client, activeKey, otherTabs]);
  /** Deletes under the dataset's lock: DatasetBusyError while any tab downloads it. */
  const remove = useCallback(
    async (key: string) => {
      const db = await sharedDb();
      await withDatasetLock(browserLocks(), key, () => deleteDataset(db, key));
      noteDeleted(await db.count('datasets'));
      await client.invalidateQueries({ queryKey: datasetKeys.all });
    },
    [client],
  );
  return { ...query, remove };
}

/** Unique records of one dataset, computed when listed (keyed by its record count). */
export function useUniqueCount(key: string, stored: number) {
  return useQuery({
    queryKey: datasetKeys.unique(key, stored),
    queryFn: () => countUnique(key),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
