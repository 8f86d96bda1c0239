import type { CrowdDatabase } from './db.ts';

export type JobStatus = 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

/**
 * A dataset's download job: what to resume from. `plan` is the download planner's small,
 * serialisable state (page ranges done or `_id` cursors); the store keeps it opaque so that it
 * does not depend on download/ (imports flow store → download).
 */
export interface JobRecord<TPlan = unknown> {
  datasetKey: string;
  mode: 'download' | 'refresh';
  status: JobStatus;
  plan: TPlan;
  pagesFetched: number;
  retries: number;
  startedAt: number;
  updatedAt: number;
  error: { name: string; message: string } | null;
}

export function getJob(db: CrowdDatabase, datasetKey: string): Promise<JobRecord | undefined> {
  return db.get('jobs', datasetKey);
}
