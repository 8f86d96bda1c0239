import type { Completeness } from '../store/datasets.ts';
import type { JobRecord } from '../store/jobs.ts';
import type { CommitBuffer, DownloadStore } from './download-engine.ts';
import type { ApiItem } from './page-request.ts';
import type { PlanState } from './planner.ts';

/**
 * Fetched records waiting to be saved, and the one write in progress. Each commit hands the
 * store the buffer and the job snapshot taken at the same moment, so the resume state saved
 * always describes exactly the records saved with it.
 */
export class CommitQueue {
  private buffer: CommitBuffer;
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
    this.buffer = this.newBuffer();
  }

  /** The store's buffer (which may columnise records at once), else an array. */
  private newBuffer(): CommitBuffer {
    return this.store.createBuffer?.() ?? new ItemArray();
  }

  add(items: readonly ApiItem[], now: number): void {
    if (this.buffer.size === 0) this.since = now;
    this.buffer.add(items);
  }

  /** Records saved, being saved or buffered (a few may still turn out to be duplicates). */
  held(): number {
    return this.stored + this.writingCount + this.buffer.size;
  }

  get buffered(): number {
    return this.buffer.size;
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
    this.buffer = this.newBuffer();
  }

  /**
   * Writes the buffer with `job` in one store transaction (with the run's verdict, on its last
   * commit). Never rejects: see `error`.
   */
  commit(
    job: JobRecord<PlanState>,
    verdict?: { completeness: Completeness; total: number },
  ): Promise<void> {
    const buffer = this.buffer;
    this.buffer = this.newBuffer();
    this.writingCount = buffer.size;
    const end = verdict ?? { total: job.plan.total };
    const batch =
      buffer instanceof ItemArray
        ? { items: buffer.items, job, ...end }
        : { items: [], buffer, job, ...end };
    this.writing = this.store
      .commit(batch)
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

/** The buffer for stores without their own: the records as they came. */
class ItemArray implements CommitBuffer {
  readonly items: ApiItem[] = [];

  add(items: readonly ApiItem[]): void {
    for (const item of items) this.items.push(item);
  }

  get size(): number {
    return this.items.length;
  }
}
