import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, beforeEach } from 'vitest';
import type { RecordWithId } from './chunks.ts';
import { createDatasetWriter } from './dataset-writer.ts';
import type { DatasetInfo } from './datasets.ts';
import { type CrowdDatabase, openCrowdDb } from './db.ts';
import type { JobRecord } from './jobs.ts';

/**
 * Test support: a fresh fake-indexeddb database per test, deleted afterwards (as idb's own
 * test/utils.ts does). Import only from *.test.ts files.
 */
export function setupTestDb(name = 'crowdmri-test'): {
  db: () => CrowdDatabase;
  reopen: () => Promise<CrowdDatabase>;
} {
  let current: CrowdDatabase | undefined;
  const opened: CrowdDatabase[] = [];
  beforeEach(async () => {
    await deleteDB(name);
    current = await openCrowdDb(name);
    opened.push(current);
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) db.close();
    await deleteDB(name);
  });
  return {
    db: () => {
      if (!current) throw new Error('setupTestDb: no database outside a test');
      return current;
    },
    /** A second connection, as a reloaded tab or a fresh worker would open. */
    reopen: async () => {
      const db = await openCrowdDb(name);
      opened.push(db);
      return db;
    },
  };
}

/** The dataset the store's tests write. */
export const TEST_DATASET: DatasetInfo = {
  key: 'modality=T1w&source=mirror',
  query: { modality: 'T1w' },
  source: 'http://127.0.0.1:5174/api/v1',
  modality: 'T1w',
};

/** A job of TEST_DATASET that has fetched pages 1..pagesFetched. */
export function testJob(pagesFetched: number, status: JobRecord['status'] = 'running'): JobRecord {
  return {
    datasetKey: TEST_DATASET.key,
    mode: 'download',
    status,
    plan: { donePages: [[1, pagesFetched]] },
    pagesFetched,
    retries: 0,
    startedAt: 1,
    updatedAt: 1,
    error: null,
  };
}

/** The i-th of ascending ObjectId-like ids (24 lowercase hex digits). */
export const testId = (i: number) =>
  (0x5a000000 + i).toString(16).padStart(8, '0') + '0'.repeat(16);

/**
 * Stores records `from..to` of each batch (made by `record(i)`) as one commit each, in order:
 * one appended chunk per batch, as a download's pages would leave them.
 */
export async function storeBatches(
  db: CrowdDatabase,
  record: (i: number) => RecordWithId,
  batches: ReadonlyArray<[from: number, to: number]>,
  info: DatasetInfo = TEST_DATASET,
): Promise<void> {
  const writer = createDatasetWriter(db, info, () => 1);
  for (const [i, [from, to]] of batches.entries()) {
    const items = Array.from({ length: to - from }, (_, k) => record(from + k));
    await writer.commit({ items, job: testJob(i + 1, 'running'), total: 0 });
  }
}
