import type { JobRecord } from '../store/jobs.ts';
import type { DownloadStore } from './download-engine.ts';
import type { ApiItem } from './page-request.ts';
import type { PlanState } from './planner.ts';

/**
 * Fetched records waiting to be saved, and the one write in progress. Each commit hands the
 * store the buffer and the job snapshot taken at the same moment, so the resume state saved
 * always describes exactly the records saved with it.
 */
export class CommitQueue {
  private buffer: ApiItem[] = [];
  private since = 0;
  private writing: Promise<void> | null = null;
  private writingCount = 0;
  stored = 0;
  /** Records newly stored by this run. */
  added = 0;
  /** The last job record the store accepted. */
  committed: JobRecord<PlanState>;
  /** Set when a write failed: its batch is lost (rolled back), earlier ones are kept. */
  error: unknown = null;

  constructor(
    private readonly store: DownloadStore,
    job: JobRecord<PlanState>,
    private readonly onSettled: () => void,
  ) {
    this.committed = job;
  }

  add(items: readonly ApiItem[], now: number): void {
    if (this.buffer.length === 0) this.since = now;
    for (const item of items) this.buffer.push(item);
  }

  /** Records saved, being saved or buffered (a few may still turn out to be duplicates). */
  held(): number {
    return this.stored + this.writingCount + this.buffer.length;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** When the oldest buffered record arrived. */
  get bufferedSince(): number {
    return this.since;
  }

  get busy(): boolean {
    return this.writing !== null;
  }

  /** Resolves when the write in progress, if any, has settled. */
  settled(): Promise<void> {
    return this.writing ?? Promise.resolve();
  }

  /** Drops what is buffered (after a store failure its resume state was never saved). */
  discard(): void {
    this.buffer = [];
  }

  /** Writes the buffer with `job` in one store transaction. Never rejects: see `error`. */
  commit(job: JobRecord<PlanState>): Promise<void> {
    const items = this.buffer;
    this.buffer = [];
    this.writingCount = items.length;
    this.writing = this.store
      .commit({ items, job, total: job.plan.total })
      .then((result) => {
        [this.stored, this.committed] = [result.stored, job];
        this.added += result.added;
      })
      .catch((error: unknown) => {
        this.error ??= error;
      })
      .finally(() => {
        [this.writing, this.writingCount] = [null, 0];
        this.onSettled();
      });
    return this.writing;
  }
}
