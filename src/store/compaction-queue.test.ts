import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordWithId } from './chunks.ts';
import { type CompactionResult, datasetLockName } from './compaction.ts';
import { createCompactionQueue } from './compaction-queue.ts';
import { createDatasetWriter } from './dataset-writer.ts';
import { memoryOpfs } from './memory-opfs.ts';
import { useOpfsRoot } from './segment-backends.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from './test-db.ts';

const t = setupTestDb('crowdmri-compaction-queue-test');
beforeEach(() => useOpfsRoot(memoryOpfs().root));
afterEach(() => useOpfsRoot(undefined));

/** Web Locks as the browser grants them: one holder per name, the rest wait in order. */
function fakeLocks() {
  const held = new Set<string>();
  const waiting: Array<{ name: string; grant: () => void }> = [];
  return {
    held,
    /** Someone else asks for `name` and holds it until released. */
    take(name: string): Promise<() => void> {
      return new Promise((granted) => {
        const grant = () => {
          held.add(name);
          granted(() => {
            held.delete(name);
            const next = waiting.findIndex((w) => w.name === name);
            if (next >= 0) waiting.splice(next, 1)[0]!.grant();
          });
        };
        if (held.has(name)) waiting.push({ name, grant });
        else grant();
      });
    },
    async request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      const release = await this.take(name);
      try {
        return await callback();
      } finally {
        release();
      }
    },
    async query() {
      return { pending: waiting.map((w) => ({ name: w.name })) };
    },
  };
}

async function storeChunks(n: number) {
  const writer = createDatasetWriter(t.db(), TEST_DATASET, () => 1);
  for (let c = 0; c < n; c++) {
    const items: RecordWithId[] = Array.from({ length: 5 }, (_, k) => ({
      _id: testId(c * 5 + k),
      snr: c + k / 10,
    }));
    await writer.commit({ items, job: testJob(c + 1), total: 0 });
  }
}

function recorder() {
  const events: string[] = [];
  const results: CompactionResult[] = [];
  let settle: () => void = () => {};
  let done = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return {
    events,
    results,
    next: () => done,
    handlers: {
      started: (key: string) => events.push(`started ${key}`),
      finished: (_key: string, result: CompactionResult) => {
        results.push(result);
        events.push(`finished ${result.type}`);
        settle();
        done = new Promise<void>((resolve) => {
          settle = resolve;
        });
      },
      failed: (_key: string, error: unknown) => {
        events.push(`failed ${String(error)}`);
        settle();
      },
    },
  };
}

describe('the compaction queue', () => {
  it('waits for the dataset lock (a download holding it), then compacts', async () => {
    await storeChunks(3);
    const locks = fakeLocks();
    const release = await locks.take(datasetLockName(TEST_DATASET.key)); // a running download
    const r = recorder();
    const queue = createCompactionQueue(async () => t.db(), r.handlers, locks);
    queue.add(TEST_DATASET.key);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.events).toEqual([]);
    release();
    await r.next();
    expect(r.events).toEqual([`started ${TEST_DATASET.key}`, 'finished compacted']);
  });

  it('gives the dataset up to someone who asks for it meanwhile (a Delete, a new download)', async () => {
    await storeChunks(3);
    const locks = fakeLocks();
    const name = datasetLockName(TEST_DATASET.key);
    const r = recorder();
    let asked: Promise<() => void> | null = null;
    const db = t.db();
    const queue = createCompactionQueue(
      async () => {
        // Someone asks for the dataset just as the compaction starts.
        asked ??= locks.take(name);
        return db;
      },
      r.handlers,
      locks,
    );
    queue.add(TEST_DATASET.key);
    await r.next();
    expect(r.results).toEqual([{ type: 'yielded' }]);
    const release = await asked!; // granted once the compactor let go
    expect(locks.held.has(name)).toBe(true);
    release();
  });

  it('runs a dataset asked for several times while queued once', async () => {
    await storeChunks(3);
    const locks = fakeLocks();
    const release = await locks.take(datasetLockName(TEST_DATASET.key));
    const r = recorder();
    const queue = createCompactionQueue(async () => t.db(), r.handlers, locks);
    queue.add(TEST_DATASET.key);
    queue.add(TEST_DATASET.key);
    queue.add(TEST_DATASET.key);
    release();
    await r.next();
    // The first is waiting for the lock when the others come: one more run after it at most.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.results.map((x) => x.type)).toEqual(['compacted', 'nothing']);
  });
});
