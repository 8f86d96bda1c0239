import { type CompactionResult, compactDataset } from './compaction.ts';
import { browserLocks, compactionLockName, datasetLockName, type Locks } from './dataset-lock.ts';
import type { CrowdDatabase } from './db.ts';

/**
 * The compactor's loop, one dataset at a time: each under the dataset's cross-tab lock (a
 * download, a Delete and another tab's compactor take the same one), giving it up between
 * columns as soon as someone else asks for it. The compaction lock is held around it, so a
 * writer finding the dataset taken knows to wait for the compactor rather than report the
 * dataset busy (dataset-lock.ts withDatasetLock). A dataset asked for twice while queued runs
 * once.
 */
export interface CompactionQueue {
  add(key: string, force?: boolean): void;
}

export function createCompactionQueue(
  db: () => Promise<CrowdDatabase>,
  events: {
    started(key: string): void;
    finished(key: string, result: CompactionResult): void;
    failed(key: string, error: unknown): void;
  },
  locks: Locks | undefined = browserLocks(),
): CompactionQueue {
  const queued = new Map<string, boolean>();
  let running = false;

  async function one(key: string, force: boolean): Promise<void> {
    const name = datasetLockName(key);
    const run = async () => {
      events.started(key);
      const shouldYield = async () =>
        !!locks && ((await locks.query()).pending ?? []).some((l) => l.name === name);
      return compactDataset(await db(), key, { force, shouldYield });
    };
    try {
      const held = (l: Locks) =>
        l.request(compactionLockName(key), {}, () => l.request(name, {}, run));
      events.finished(key, await (locks ? held(locks) : run()));
    } catch (error) {
      events.failed(key, error);
    }
  }

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      for (let next = queued.entries().next(); !next.done; next = queued.entries().next()) {
        const [key, force] = next.value;
        queued.delete(key);
        await one(key, force);
      }
    } finally {
      running = false;
    }
  }

  return {
    add(key, force = false) {
      queued.set(key, (queued.get(key) ?? false) || force);
      void drain();
    },
  };
}
