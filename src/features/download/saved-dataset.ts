import { queryOptions } from '@tanstack/react-query';
import { datasetKeys } from '../../queries/dataset-keys.ts';
import { readableDb } from '../../store/connection.ts';
import { type Completeness, getDataset } from '../../store/datasets.ts';
import { getJob } from '../../store/jobs.ts';

/** What the browser holds for a query: read on load, so an unfinished job can be resumed. */
export interface SavedDataset {
  stored: number;
  /** Server total last seen, null before the first page. */
  total: number | null;
  /** The last run ended with the server's count equal to the stored count. */
  complete: boolean;
  /** How the last run's end compared with the server's count (null: not checked yet). */
  completeness: Completeness | null;
  /**
   * Resume has work: a job that stopped before its end (reload, closed tab, pause, failure),
   * or a finished one whose check found the dataset incomplete (Resume then mends it).
   */
  resumable: boolean;
  /** The mode of that job: Resume continues it as it was. */
  resumeMode: 'download' | 'refresh';
}

/**
 * The dataset and job records are small (counters and a plan), so the main thread reads them,
 * as soon as the database is open (a read: readableDb), alongside the table's first reads.
 */
export async function readSavedDataset(key: string): Promise<SavedDataset | null> {
  const conn = await readableDb();
  const [dataset, job] = await Promise.all([getDataset(conn, key), getJob(conn, key)]);
  if (!dataset && !job) return null;
  const unfinished =
    job?.status === 'running' || job?.status === 'paused' || job?.status === 'failed';
  const completeness = dataset?.completeness ?? null;
  const unverified = !!completeness && completeness.type !== 'verified';
  return {
    stored: dataset?.stored ?? 0,
    total: dataset?.total ?? null,
    complete: dataset?.complete ?? false,
    completeness,
    resumable: (!!job && unfinished) || (!!dataset && unverified),
    resumeMode: job?.mode ?? 'download',
  };
}

/** Read again when a run of `key` ends or it is deleted (run-invalidation.ts). */
export const savedDatasetQueryOptions = (key: string) =>
  queryOptions({ queryKey: datasetKeys.saved(key), queryFn: () => readSavedDataset(key) });
