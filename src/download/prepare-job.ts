import type { JobRecord } from '../store/jobs.ts';
import { newJob } from './download-engine.ts';
import { addAnomalies, hasAnomalies } from './page-checks.ts';
import type { PageTaskOptions } from './page-task.ts';
import { planDownload, planRefresh } from './plan-job.ts';
import { type PlanState, parsePlanState } from './planner.ts';
import type { JobSpec } from './protocol.ts';
import { findDifferingRanges } from './repair.ts';
import { countRange } from './verify.ts';

export interface PrepareJobInput {
  spec: JobSpec;
  /** The dataset's stored job, if any (`getJob`). */
  stored: JobRecord | undefined;
  /** What the dataset holds (`DatasetWriter.summary()`: counted from the ids really stored). */
  held: { stored: number; maxId: string | null };
  /** Every `_id` held, ascending (`DatasetWriter.heldIds`): read only when a repair needs it. */
  heldIds?: () => Promise<readonly string[]>;
  /** For the probe requests (fetchPage with retries, signal, sleep). */
  task: PageTaskOptions;
  now: number;
  /** Told when the check of held records starts (0) and as each count request is answered. */
  onCheck?: (counts: number) => void;
}

/**
 * The job a `start` message runs:
 * - the stored job when one is unfinished and still readable, whichever button asked (a
 *   reload resumes exactly where the saved state says; a Refresh of a half-done download
 *   finishes that download rather than skipping its unread ranges);
 * - nothing held: a new download plan (a refresh plan in refresh mode);
 * - records held: first one count request (`_id` up to the largest held). Equal to what is
 *   stored: only what is new (`_id` above it). Not equal: a repair — the `_id` ranges whose
 *   counts differ are fetched again, then what is new. So pressing Download again, Refresh
 *   or Resume never re-reads what is known to be there, and always mends what is not.
 *
 * @example
 * const job = await prepareJob({ spec, stored: await getJob(db, key), held: await writer.summary(), heldIds: writer.heldIds, task, now: Date.now() });
 */
export async function prepareJob(input: PrepareJobInput): Promise<JobRecord<PlanState>> {
  const { spec, stored, held, task, now } = input;
  const plan = parsePlanState(stored?.plan);
  const resumable = stored && plan && stored.status !== 'done' && stored.status !== 'cancelled';
  if (resumable) return { ...stored, plan };
  if (held.stored > 0) return newJob(spec.datasetKey, spec.mode, await planChecked(input), now);
  if (spec.mode === 'refresh') {
    return newJob(spec.datasetKey, 'refresh', await planRefresh(spec.filter, held, task), now);
  }
  const options = { strategy: spec.strategy ?? 'keyset', concurrency: spec.concurrency };
  return newJob(spec.datasetKey, 'download', await planDownload(spec.filter, options, task), now);
}

/** For a dataset that holds records: what is new, after mending what the counts say is missing. */
async function planChecked(input: PrepareJobInput): Promise<PlanState> {
  const { spec, held, task } = input;
  input.onCheck?.(0);
  const check = await countRange(spec.filter, null, held.maxId, task);
  const refresh = await planRefresh(spec.filter, held, task);
  if (check.count === held.stored && !hasAnomalies(check.anomalies)) return refresh;
  const heldIds = (await input.heldIds?.()) ?? [];
  // A count that contradicts itself can't be narrowed down: read everything up to the top again.
  const repair =
    check.count === null || heldIds.length === 0
      ? { ranges: [{ lo: null, hi: held.maxId, cursor: null, done: false }], anomalies: undefined }
      : await findDifferingRanges({
          filter: spec.filter,
          heldIds,
          serverCount: check.count,
          pageSize: refresh.pageSize,
          task,
          onCount: input.onCheck,
        });
  const anomalies = addAnomalies(check.anomalies, repair.anomalies);
  const total = Math.max(check.count ?? 0, held.stored);
  return {
    ...refresh,
    total,
    ranges: repair.ranges,
    repair: true,
    ...(hasAnomalies(anomalies) ? { anomalies } : {}),
  };
}
