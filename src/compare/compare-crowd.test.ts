import { describe, expect, it } from 'vitest';
import type { RecordWithId } from '../store/chunks.ts';
import { createDatasetWriter } from '../store/dataset-writer.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from '../store/test-db.test-support.ts';
import { compareCrowd } from './compare-crowd.ts';
import type { CrowdRequest, CrowdStep } from './compare-protocol.ts';

const t = setupTestDb();

/** 40 stored records: cjv = 1..40, cnr = 40..1, Manufacturer text only. */
async function store(): Promise<void> {
  const writer = createDatasetWriter(t.db(), TEST_DATASET);
  for (let page = 0; page < 2; page++) {
    const items = Array.from({ length: 20 }, (_, k): RecordWithId => {
      const i = page * 20 + k;
      return {
        _id: testId(i),
        cjv: i + 1,
        cnr: 40 - i,
        bids_meta: { Manufacturer: 'GE' },
      } as RecordWithId;
    });
    await writer.commit({ items, job: testJob(page + 1), total: 40 });
  }
}

function request(rows: Uint32Array, iqms: string[]): CrowdRequest {
  return {
    datasetKey: TEST_DATASET.key,
    rows,
    iqms,
    user: iqms.map(() => Float64Array.of(10.5)),
    tested: iqms.map(() => 'both'),
  };
}

const everyRow = Uint32Array.from({ length: 40 }, (_, i) => i);

describe('compareCrowd (the comparison worker’s work)', () => {
  it('sends each IQM as it is done, then the whole result; text columns are skipped', async () => {
    await store();
    const steps: CrowdStep[] = [];
    const controller = new AbortController();
    const result = await compareCrowd(
      t.db(),
      request(everyRow, ['cjv', 'bids_meta.Manufacturer', 'cnr']),
      { signal: controller.signal, emit: async (step) => void steps.push(step) },
    );
    expect(steps.map((s) => [s.done, s.total, s.iqm?.iqm])).toEqual([
      [1, 3, 'cjv'],
      [2, 3, undefined],
      [3, 3, 'cnr'],
    ]);
    expect(result.skipped).toEqual(['bids_meta.Manufacturer']);
    // 10.5 among 1..40: 10 crowd values lower → the 25th percentile; the same for cnr 40..1.
    expect(result.iqms.map((c) => [c.iqm, c.standing.percentiles[0]])).toEqual([
      ['cjv', 25],
      ['cnr', 25],
    ]);
  });

  it('compares against the rows asked for only', async () => {
    await store();
    const firstTen = Uint32Array.from({ length: 10 }, (_, i) => i); // cjv 1..10
    const result = await compareCrowd(t.db(), request(firstTen, ['cjv']), {
      signal: new AbortController().signal,
      emit: async () => undefined,
    });
    expect(result.iqms[0]!.standing.percentiles[0]).toBe(100);
  });

  it('stops before the next IQM once cancelled', async () => {
    await store();
    const controller = new AbortController();
    const steps: CrowdStep[] = [];
    const run = compareCrowd(t.db(), request(everyRow, ['cjv', 'cnr', 'cjv']), {
      signal: controller.signal,
      emit: async (step) => {
        steps.push(step);
        controller.abort(new DOMException('superseded', 'AbortError'));
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(steps).toHaveLength(1);
  });

  it('refuses rows the store no longer holds', async () => {
    await store();
    const run = compareCrowd(t.db(), request(Uint32Array.of(0, 40), ['cjv']), {
      signal: new AbortController().signal,
      emit: async () => undefined,
    });
    await expect(run).rejects.toThrow('The saved dataset changed while comparing');
  });
});
