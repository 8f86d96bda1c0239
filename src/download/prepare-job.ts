import type { JobRecord } from '../store/jobs.ts';
import { newJob } from './download-engine.ts';
import type { PageTaskOptions } from './page-task.ts';
import { type PlanState, parsePlanState } from './planner.ts';
import { planDownload, planRefresh } from './probe.ts';
import type { JobSpec } from './protocol.ts';

export interface PrepareJobInput {
  spec: JobSpec;
  /** The dataset's stored job, if any (`getJob`). */
  stored: JobRecord | undefined;
  /** What the dataset holds (`DatasetWriter.summary()`). */
  held: { stored: number; maxId: string | null };
  /** For the probe requests (fetchPage with retries, signal, sleep). */
  task: PageTaskOptions;
  now: number;
}

/**
 * The job a `start` message runs: the stored download job when one is unfinished and still
 * readable (so a reload resumes exactly where the saved state says), else a new plan —
 * a refresh plan (`_id` > max held) in refresh mode, a full download plan otherwise.
 *
 * @example
 * const job = await prepareJob({ spec, stored: await getJob(db, key), held: await writer.summary(), task, now: Date.now() });
 */
export async function prepareJob(input: PrepareJobInput): Promise<JobRecord<PlanState>> {
  const { spec, stored, held, task, now } = input;
  const plan = parsePlanState(stored?.plan);
  const resumable = stored && plan && stored.status !== 'done' && stored.status !== 'cancelled';
  if (resumable && stored.mode === spec.mode) return { ...stored, plan };
  if (spec.mode === 'refresh') {
    return newJob(spec.datasetKey, 'refresh', await planRefresh(spec.filter, held, task), now);
  }
  const options = { strategy: spec.strategy ?? 'keyset', concurrency: spec.concurrency };
  return newJob(spec.datasetKey, 'download', await planDownload(spec.filter, options, task), now);
}
