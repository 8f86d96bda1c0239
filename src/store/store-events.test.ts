import { describe, expect, it } from 'vitest';
import { createDatasetWriter } from './dataset-writer.ts';
import { COMPACT_EVERY, listenStore, type StoreEvent } from './store-events.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from './test-db.test-support.ts';

const t = setupTestDb('crowdmri-store-events-test');

describe('store events', () => {
  it('the writer announces every COMPACT_EVERY appended chunks and the end of a run', async () => {
    const heard: StoreEvent[] = [];
    const stop = listenStore((event) => heard.push(event));
    try {
      const writer = createDatasetWriter(t.db(), TEST_DATASET, () => 1);
      for (let c = 0; c < COMPACT_EVERY + 2; c++) {
        const items = [{ _id: testId(c), snr: c }];
        await writer.commit({ items, job: testJob(c + 1), total: 0 });
      }
      await writer.commit({ items: [], job: testJob(COMPACT_EVERY + 2, 'paused'), total: 0 });
      await expect.poll(() => heard.length).toBe(2);
      expect(heard).toEqual([
        { type: 'appended', key: TEST_DATASET.key, chunks: COMPACT_EVERY },
        { type: 'run-saved', key: TEST_DATASET.key },
      ]);
    } finally {
      stop();
    }
  });
});
