import { serializeError } from '../api/errors.ts';
import type { Completeness } from '../store/datasets.ts';
import type { JobRecord, JobStatus } from '../store/jobs.ts';
import { CommitQueue } from './commit-queue.ts';
import {
  type ConcurrencyState,
  canStart,
  createConcurrency,
  onCongestion,
  onSuccess,
  withSetting,
} from './concurrency.ts';
import type { DownloadResult, RunSettings } from './download-engine.ts';
import { describeFailure, PageFailedError } from './errors.ts';
import type { AskedBounds } from './page-checks.ts';
import type { PageRequest, PageResult } from './page-request.ts';
import { fetchPageWithRetry, type PageTaskOptions } from './page-task.ts';
import {
  acceptPage,
  askedBounds,
  isComplete,
  nextTask,
  type PlanState,
  type PlanTask,
  plannedPages,
  splitBusyRange,
  startTail,
  taskKey,
  taskRequest,
} from './planner.ts';
import { createProgressReporter } from './progress.ts';
import type { DoneStatus } from './protocol.ts';
import { isCongestion, retryAfterMs } from './retry.ts';
import { countRange, judgeCompleteness, verdictTotal } from './verify.ts';
import { createWaker, type Waker } from './waker.ts';

/**
 * The reason a pause aborts with: requests in flight and retry waits end at once, and their
 * pages are simply fetched again on resume.
 */
const PAUSED = Object.freeze({ name: 'AbortError', message: 'paused' });

function describeTask(task: PlanTask, request: PageRequest): string {
  if (task.type === 'page') return `page ${request.page}`;
  const records = task.type === 'tail' ? 'new records' : 'records';
  return `the page of ${records} for ${JSON.stringify(request.where)}`;
}

/** One run of a job: the state runDownload's loop works on. */
export class DownloadRun {
  private plan: PlanState;
  private controller: ConcurrencyState;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly queue: CommitQueue;
  private maxId: string | null = null;
  private grew = 0;
  private retries: number;
  private pagesFetched: number;
  private failure: unknown = null;
  /** The finished run's check against the server's count (null until then). */
  private check: Completeness | null = null;
  /** Aborts requests in flight (cancel, failure, and pause). */
  private readonly requests = new AbortController();
  /** Aborts retry waits (cancel, failure, and pause). */
  private readonly waits = new AbortController();
  private readonly timers = new AbortController();
  private readonly waker: Waker;
  private readonly report: ReturnType<typeof createProgressReporter>;
  /** When a progress post the throttle held back is due (null: none held back). */
  private progressDueAt: number | null = null;

  constructor(private readonly settings: RunSettings) {
    this.plan = settings.job.plan;
    this.retries = settings.job.retries;
    this.pagesFetched = settings.job.pagesFetched;
    const c = settings.concurrency;
    this.controller = createConcurrency(typeof c === 'number' ? { initial: c } : c);
    this.waker = createWaker(settings.sleep, settings.now, this.timers.signal);
    this.queue = new CommitQueue(settings.store, settings.job, this.waker.wake);
    this.report = createProgressReporter(settings.progressIntervalMs, settings.onProgress);
    settings.onControls?.({
      setConcurrency: (setting) => {
        this.controller = withSetting(this.controller, setting);
        this.waker.wake();
      },
    });
  }

  async run(): Promise<DownloadResult> {
    const summary = await this.settings.store.summary();
    this.queue.stored = summary.stored;
    this.maxId = summary.maxId;
    const onCancel = () => this.stop(this.settings.signal?.reason);
    // A pause must take effect at once, even when a server trickles its answer for minutes.
    const onPause = () => this.stop(PAUSED);
    const off = listen([this.settings.signal, onCancel], [this.settings.pauseSignal, onPause]);
    try {
      this.emit(true);
      await this.loop();
      return await this.finish();
    } finally {
      off();
      this.timers.abort();
    }
  }

  private stopping(): boolean {
    return !!(this.failure || this.settings.signal?.aborted || this.settings.pauseSignal?.aborted);
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.progressDueAt !== null && this.settings.now() >= this.progressDueAt) this.emit();
      if (this.queue.error) this.fail(this.queue.error);
      if (!this.stopping()) this.fillSlots();
      if (!this.failure) this.maybeFlush();
      const idle = this.inFlight.size === 0 && !this.queue.busy;
      if (idle && (this.stopping() || isComplete(this.plan))) return;
      this.scheduleTimers();
      await this.waker.wait();
    }
  }

  /** Wakes the loop when a Retry-After pause ends, a partial chunk or a held-back post is due. */
  private scheduleTimers(): void {
    const due: number[] = [];
    if (this.progressDueAt !== null) due.push(this.progressDueAt);
    if (this.controller.pausedUntil > this.settings.now()) due.push(this.controller.pausedUntil);
    if (this.queue.buffered > 0 && !this.queue.busy) {
      due.push(this.queue.bufferedSince + this.settings.flushIntervalMs);
    }
    if (due.length > 0) this.waker.wakeAt(Math.min(...due));
  }

  /** Starts tasks while the controller allows, splitting busy ranges to fill idle slots. */
  private fillSlots(): void {
    this.plan = startTail(this.plan, this.maxId);
    while (canStart(this.controller, this.inFlight.size, this.settings.now())) {
      // The store is behind: fetching more would only grow the buffer.
      if (this.queue.busy && this.queue.buffered >= 2 * this.settings.chunkRecords) return;
      const busy = new Set(this.inFlight.keys());
      const task = nextTask(this.plan, busy);
      if (task) {
        this.start(task);
        continue;
      }
      const split = splitBusyRange(this.plan, busy);
      if (split === this.plan) return;
      this.plan = split;
    }
  }

  /** How each request is fetched: timed, retried, aborted with the run. */
  private taskOptions(onRetry: (error: unknown) => void = () => this.emit()): PageTaskOptions {
    return {
      fetchPage: this.settings.fetchPage,
      signal: this.requests.signal,
      sleep: this.settings.sleep,
      retry: {
        ...this.settings.retry,
        random: this.settings.random,
        now: this.settings.now,
        sleep: (ms) => this.settings.sleep(ms, this.waits.signal),
        onRetry: ({ error }) => onRetry(error),
      },
    };
  }

  private start(task: PlanTask): void {
    const request = taskRequest(this.plan, task, this.settings.filter);
    const asked = askedBounds(this.plan, task);
    let [epoch, attempts] = [this.controller.epoch, 0];
    const page = fetchPageWithRetry(request, {
      ...this.taskOptions((error) => this.onRetry(error, epoch)),
      onAttempt: (n) => {
        [epoch, attempts] = [this.controller.epoch, n];
      },
    });
    const key = taskKey(task);
    const settled = page
      .then(
        (result) => this.onPage(task, result, asked),
        (error) => this.onTaskFailed(describeTask(task, request), error, attempts),
      )
      .finally(() => {
        this.inFlight.delete(key);
        this.waker.wake();
      });
    this.inFlight.set(key, settled);
  }

  private onRetry(error: unknown, epoch: number): void {
    this.retries++;
    if (isCongestion(error)) {
      const event = {
        startedEpoch: epoch,
        now: this.settings.now(),
        retryAfterMs: retryAfterMs(error),
      };
      this.controller = onCongestion(this.controller, event);
    }
    this.emit();
  }

  private onPage(task: PlanTask, page: PageResult, asked: AskedBounds): void {
    if (this.requests.signal.aborted) return; // paused, cancelled or failed meanwhile: not applied
    this.controller = onSuccess(this.controller);
    let items: PageResult['items'];
    try {
      const held = this.queue.held();
      ({ plan: this.plan, items } = acceptPage(this.plan, task, page, asked, held));
    } catch (error) {
      this.fail(error);
      return;
    }
    this.queue.add(items, this.settings.now());
    for (const { _id } of items) if (this.maxId === null || _id > this.maxId) this.maxId = _id;
    if (task.type === 'tail') this.grew += items.length;
    this.pagesFetched++;
    this.maybeFlush();
    this.emit();
  }

  private onTaskFailed(what: string, error: unknown, attempts: number): void {
    if (error === PAUSED || this.failure || this.settings.signal?.aborted) return;
    const message = describeFailure(what, error, attempts);
    this.fail(new PageFailedError(message, { cause: error }));
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error;
    this.stop(error);
  }

  private stop(reason: unknown): void {
    this.requests.abort(reason);
    this.waits.abort(reason);
    this.waker.wake();
  }

  /** Commits the buffer when a chunk is full or due, one write at a time. */
  private maybeFlush(): void {
    const n = this.queue.buffered;
    if (this.queue.busy || this.failure || n === 0) return;
    const age = this.settings.now() - this.queue.bufferedSince;
    if (n >= this.settings.chunkRecords || age >= this.settings.flushIntervalMs) {
      void this.queue.commit(this.jobRecord('running', this.plan));
    }
  }

  private jobRecord(status: JobStatus, plan: PlanState): JobRecord<PlanState> {
    const error = status === 'failed' ? serializeError(this.failure) : null;
    const { pagesFetched, retries } = this;
    const updatedAt = this.settings.now();
    return { ...this.queue.committed, plan, status, pagesFetched, retries, updatedAt, error };
  }

  /** After the loop: save the rest with the final status, or record the failure and throw. */
  private async finish(): Promise<DownloadResult> {
    await Promise.allSettled([...this.inFlight.values()]);
    await this.queue.settled();
    if (!this.failure && !this.queue.error) {
      const status: DoneStatus = isComplete(this.plan)
        ? 'done'
        : this.settings.signal?.aborted
          ? 'cancelled'
          : 'paused';
      await this.queue.commit(this.jobRecord(status, this.plan));
      if (!this.queue.error && status === 'done') await this.verify();
      if (!this.queue.error) return this.result(status);
    }
    this.fail(this.queue.error);
    await this.saveFailure();
    this.emit(true);
    throw this.failure;
  }

  /**
   * Asks the server how many records match up to the largest id held and saves the verdict:
   * the dataset is marked complete only if that equals what the store holds.
   */
  private async verify(): Promise<void> {
    const stored = this.queue.stored;
    let check: Completeness;
    try {
      const server = await countRange(this.settings.filter, null, this.maxId, this.taskOptions());
      check = judgeCompleteness(stored, server, this.plan.anomalies);
    } catch (error) {
      const { message } = serializeError(error);
      check = { type: 'unchecked', message };
    }
    this.check = check;
    const total = verdictTotal(check, stored, this.plan.total);
    await this.queue.commit(this.jobRecord('done', this.plan), { completeness: check, total });
  }

  /** The total to show: the verdict's once there is one, else the best known. */
  private total(held: number): number {
    if (this.check) return verdictTotal(this.check, held, this.plan.total);
    return Math.max(this.plan.total, held);
  }

  private result(status: DoneStatus): DownloadResult {
    this.emit(true);
    const { added, stored, committed: job } = this.queue;
    const { grew, check } = this;
    const mended = this.plan.repair ? Math.max(0, added - grew) : 0;
    return { status, added, stored, total: this.total(stored), grew, mended, check, job };
  }

  /**
   * Marks the job failed. After a store error the buffer was lost with its transaction, so
   * the job keeps the last committed plan; otherwise the pages fetched are saved with it.
   */
  private async saveFailure(): Promise<void> {
    if (!this.queue.error) await this.queue.commit(this.jobRecord('failed', this.plan));
    if (this.queue.error) {
      this.queue.discard();
      const job = this.jobRecord('failed', this.queue.committed.plan);
      await this.settings.store.commit({ items: [], job, total: job.plan.total }).catch(() => {});
    }
  }

  private emit(force = false): void {
    const now = this.settings.now();
    const posted = this.report(
      now,
      () => {
        const fetched = this.queue.held();
        const [total, pages] = [this.total(fetched), this.pagesFetched];
        return {
          phase: this.plan.tail ? 'tail' : 'main',
          fetched,
          total,
          pages,
          pagesTotal: plannedPages(this.plan, { pages, held: fetched, total }),
          retries: this.retries,
          inFlight: this.inFlight.size,
          concurrency: this.controller.limit,
          added: this.queue.added,
        };
      },
      force,
    );
    // Held back: post it when the interval ends, even if nothing else happens by then (a stall).
    this.progressDueAt = posted
      ? null
      : (this.progressDueAt ?? now + this.settings.progressIntervalMs);
  }
}

type Listener = [AbortSignal | undefined, () => void];

/** Subscribes to abort signals (calling at once for one already aborted); returns unsubscribe. */
function listen(...pairs: Listener[]): () => void {
  for (const [signal, fn] of pairs) {
    signal?.addEventListener('abort', fn, { once: true });
    if (signal?.aborted) fn();
  }
  return () => {
    for (const [signal, fn] of pairs) signal?.removeEventListener('abort', fn);
  };
}
