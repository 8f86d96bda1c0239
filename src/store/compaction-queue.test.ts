import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordWithId } from './chunks.ts';
import type { CompactionResult } from './compaction.ts';
import { createCompactionQueue } from './compaction-queue.ts';
import { datasetLockName, holdDatasetLock } from './dataset-lock.ts';
import { createDatasetWriter } from './dataset-writer.ts';
import { DatasetBusyError } from './errors.ts';
import { FakeLocks } from './fake-locks.ts';
import { memoryOpfs } from './memory-opfs.ts';
import { useOpfsRoot } from './segment-backends.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from './test-db.test-support.ts';

const t = setupTestDb('crowdmri-compaction-queue-test');
beforeEach(() => useOpfsRoot(memoryOpfs().root));
afterEach(() => useOpfsRoot(undefined));

/** The browser's locks as the compactor worker and a tab see them. */
function tabs() {
  const locks = new FakeLocks();
  return { compactor: locks.client('compactor'), tab: locks.client('tab'), all: locks };
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
    const { compactor, tab } = tabs();
    const release = await holdDatasetLock(tab, TEST_DATASET.key); // a running download
    const r = recorder();
    const queue = createCompactionQueue(async () => t.db(), r.handlers, compactor);
    queue.add(TEST_DATASET.key);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.events).toEqual([]);
    // Meanwhile another tab's download of it is refused: a download holds it, not the compactor.
    await expect(holdDatasetLock(tab, TEST_DATASET.key)).rejects.toBeInstanceOf(DatasetBusyError);
    release();
    await r.next();
    expect(r.events).toEqual([`started ${TEST_DATASET.key}`, 'finished compacted']);
  });

  it('gives the dataset up to a writer who asks for it meanwhile (a Delete, a new download), which waits instead of being refused', async () => {
    await storeChunks(3);
    const { compactor, tab, all } = tabs();
    const r = recorder();
    let asked: Promise<() => void> | null = null;
    const db = t.db();
    const queue = createCompactionQueue(
      async () => {
        // A Delete or a download asks for the dataset just as the compaction starts.
        asked ??= holdDatasetLock(tab, TEST_DATASET.key);
        return db;
      },
      r.handlers,
      compactor,
    );
    queue.add(TEST_DATASET.key);
    await r.next();
    expect(r.results).toEqual([{ type: 'yielded' }]);
    const release = await asked!; // granted once the compactor let go
    expect(all.heldNames()).toEqual([datasetLockName(TEST_DATASET.key)]);
    release();
  });

  it('runs a dataset asked for several times while queued once', async () => {
    await storeChunks(3);
    const { compactor, tab } = tabs();
    const release = await holdDatasetLock(tab, TEST_DATASET.key);
    const r = recorder();
    const queue = createCompactionQueue(async () => t.db(), r.handlers, compactor);
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
