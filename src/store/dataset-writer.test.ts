import { describe, expect, it } from 'vitest';
import { type RecordWithId, readChunks, readColumn } from './chunks.ts';
import { decodeColumn } from './column-codec.ts';
import { createDatasetWriter } from './dataset-writer.ts';
import { deleteDataset, getDataset } from './datasets.ts';
import type { CrowdDatabase } from './db.ts';
import { StoreQuotaError, StoreWriteError } from './errors.ts';
import { failPuts } from './fail-puts.test-support.ts';
import { getJob } from './jobs.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from './test-db.test-support.ts';

const info = TEST_DATASET;

function record(i: number): RecordWithId {
  return {
    _id: testId(i),
    snr: i / 2,
    bids_meta: { Manufacturer: i % 3 ? 'GE' : 'Siemens', EchoTime: i % 4 ? 0.03 : undefined },
    provenance: { md5sum: `md5-${i}`, settings: { fd_thres: 0.2 } },
    _links: { self: { title: 'T1w', href: `T1w/${i}` } },
  };
}
const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => record(from + k));

const job = testJob;

/** Everything a reader sees: each column decoded across chunks, plus counters. */
async function snapshot(db: CrowdDatabase) {
  const ds = await getDataset(db, info.key);
  const columns: Record<string, unknown[]> = {};
  for (const { name } of ds?.columns ?? []) {
    columns[name] = (await readColumn(db, info.key, name)).flatMap((c) => [
      c.chunk,
      decodeColumn(c),
    ]);
  }
  return { stored: ds?.stored, maxId: ds?.maxId, columns, job: await getJob(db, info.key) };
}

const t = setupTestDb();

describe('createDatasetWriter', () => {
  it('stores pages column-wise with pandas names, without _links', async () => {
    const writer = createDatasetWriter(t.db(), info, () => 42);
    const result = await writer.commit({ items: records(0, 5), job: job(1), total: 10 });
    expect(result).toEqual({ added: 5, stored: 5, maxId: record(4)._id });
    const ds = await getDataset(t.db(), info.key);
    expect(ds?.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      '_id:text',
      'snr:number',
      'bids_meta.Manufacturer:text',
      'bids_meta.EchoTime:number',
      'provenance.md5sum:text',
      'provenance.settings.fd_thres:number',
    ]);
    const [snr] = await readColumn(t.db(), info.key, 'snr');
    expect(snr?.kind === 'number' && Array.from(snr.values)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(await readChunks(t.db(), info.key)).toEqual([
      { datasetKey: info.key, chunk: 0, count: 5, minId: record(0)._id, maxId: record(4)._id },
    ]);
  });

  it('is idempotent: the same page twice (or overlapping) changes no count and no column', async () => {
    const writer = createDatasetWriter(t.db(), info);
    await writer.commit({ items: records(0, 5), job: job(1), total: 10 });
    const once = await snapshot(t.db());
    const again = await writer.commit({ items: records(0, 5), job: job(1), total: 10 });
    expect(again.added).toBe(0);
    expect(await snapshot(t.db())).toEqual(once);
    // A fresh writer (a reloaded tab) loads the held ids from the store first.
    const fresh = createDatasetWriter(await t.reopen(), info);
    const overlap = await fresh.commit({ items: records(3, 8), job: job(2), total: 10 });
    expect(overlap).toMatchObject({ added: 3, stored: 8 });
    const ids = (await readColumn(t.db(), info.key, '_id')).flatMap(decodeColumn);
    expect(ids).toEqual(records(0, 8).map((r) => r._id));
  });

  it('drops duplicates within one batch', async () => {
    const writer = createDatasetWriter(t.db(), info);
    const result = await writer.commit({
      items: [...records(0, 3), record(1)],
      job: job(1),
      total: 3,
    });
    expect(result.added).toBe(3);
  });

  it('sees chunks another connection committed meanwhile', async () => {
    const a = createDatasetWriter(t.db(), info);
    const b = createDatasetWriter(await t.reopen(), info);
    await a.commit({ items: records(0, 4), job: job(1), total: 8 });
    await b.commit({ items: records(2, 6), job: job(2), total: 8 });
    const result = await a.commit({ items: records(4, 8), job: job(3), total: 8 });
    expect(result).toMatchObject({ added: 2, stored: 8 });
  });

  it('buffers records as they arrive, dropping ids held, being written or buffered', async () => {
    const writer = createDatasetWriter(t.db(), info);
    await writer.commit({ items: records(0, 3), job: job(1), total: 9 });
    const first = writer.createBuffer();
    first.add([...records(2, 5), record(3)]);
    expect(first.size).toBe(2); // 2 held; 3 repeated
    const writing = writer.commit({ items: [], buffer: first, job: job(2), total: 9 });
    const second = writer.createBuffer();
    second.add(records(4, 7)); // 4 is being written
    expect(second.size).toBe(2);
    await writing;
    await writer.commit({ items: [record(7)], buffer: second, job: job(3), total: 9 });
    const snap = await snapshot(t.db());
    expect(snap.stored).toBe(8);
    expect(snap.columns._id).toEqual([
      0,
      records(0, 3).map((r) => r._id),
      1,
      records(3, 5).map((r) => r._id),
      2,
      records(5, 8).map((r) => r._id),
    ]);
  });

  it('rebuilds a buffered chunk without the records another connection stored meanwhile', async () => {
    const a = createDatasetWriter(t.db(), info);
    const b = createDatasetWriter(await t.reopen(), info);
    await a.commit({ items: records(0, 2), job: job(1), total: 8 });
    const buffer = a.createBuffer();
    buffer.add(records(2, 8));
    await b.commit({ items: records(3, 5), job: job(2), total: 8 });
    const result = await a.commit({ items: [], buffer, job: job(3), total: 8 });
    expect(result).toMatchObject({ added: 4, stored: 8 });
    const snap = await snapshot(t.db());
    expect(snap.columns._id?.at(-1)).toEqual([record(2), ...records(5, 8)].map((r) => r._id));
    expect(snap.columns.snr?.at(-1)).toEqual([1, 2.5, 3, 3.5]);
    expect(snap.job?.pagesFetched).toBe(3);
  });

  it.each([
    { store: 'jobs', mode: 'sync' as const },
    { store: 'jobs', mode: 'async' as const },
    { store: 'columns', mode: 'async' as const },
  ])(
    'writes page and resume state atomically ($store put fails, $mode)',
    async ({ store, mode }) => {
      const writer = createDatasetWriter(t.db(), info);
      await writer.commit({ items: records(0, 5), job: job(1), total: 10 });
      const before = await snapshot(t.db());
      const restore = failPuts(store, {
        mode,
        skip: store === 'columns' ? 2 : 0,
        error: () => new DOMException('cannot clone', 'DataCloneError'),
      });
      try {
        await expect(
          writer.commit({ items: records(5, 10), job: job(2), total: 10 }),
        ).rejects.toThrow(StoreWriteError);
      } finally {
        restore();
      }
      expect(await snapshot(t.db())).toEqual(before);
      // The writer did not take the failed ids as held: retrying the batch stores them.
      const retry = await writer.commit({ items: records(5, 10), job: job(2), total: 10 });
      expect(retry).toMatchObject({ added: 5, stored: 10 });
    },
  );

  it('turns QuotaExceededError into StoreQuotaError, keeping earlier data, and recovers', async () => {
    const writer = createDatasetWriter(t.db(), info);
    await writer.commit({ items: records(0, 5), job: job(1), total: 10 });
    const before = await snapshot(t.db());
    const restore = failPuts('columns', { skip: 1 });
    const error = await writer
      .commit({ items: records(5, 10), job: job(2), total: 10 })
      .catch((e: unknown) => e);
    restore();
    expect(error).toBeInstanceOf(StoreQuotaError);
    expect((error as Error).message).toMatch(
      /could not save more data \(disk or storage full\).*kept/s,
    );
    expect(await snapshot(t.db())).toEqual(before);
    // Space freed: the same batch now lands.
    expect(await writer.commit({ items: records(5, 10), job: job(2), total: 10 })).toMatchObject({
      added: 5,
      stored: 10,
    });
  });

  it('marks the dataset complete only on a verified count, never on a done job alone', async () => {
    const writer = createDatasetWriter(t.db(), info);
    await writer.commit({ items: records(0, 2), job: job(1, 'done'), total: 2 });
    expect(await getDataset(t.db(), info.key)).toMatchObject({
      complete: false,
      completeness: null,
    });
    const missing = { type: 'missing', count: 3, missing: 1 } as const;
    await writer.commit({ items: [], job: job(1, 'done'), total: 3, completeness: missing });
    expect(await getDataset(t.db(), info.key)).toMatchObject({
      complete: false,
      completeness: missing,
    });
    const verified = { type: 'verified', count: 2 } as const;
    await writer.commit({ items: [], job: job(1, 'done'), total: 2, completeness: verified });
    expect(await getDataset(t.db(), info.key)).toMatchObject({
      complete: true,
      completeness: verified,
    });
    expect(await writer.summary()).toEqual({ stored: 2, maxId: record(1)._id, total: 2 });
  });

  it('counts what the store really holds when chunks vanished behind its back', async () => {
    const first = createDatasetWriter(t.db(), info);
    await first.commit({ items: records(0, 4), job: job(1), total: 9 });
    await first.commit({ items: records(4, 9), job: job(2), total: 9 });
    // Lose chunk 1 (records 4..8: the highest ids) as a failing disk or another program might.
    const tx = t.db().transaction(['chunks', 'columns'], 'readwrite');
    await tx.objectStore('chunks').delete([info.key, 1]);
    for (const c of await tx.objectStore('columns').getAllKeys()) {
      if (c[2] === 1) await tx.objectStore('columns').delete(c);
    }
    await tx.done;
    expect((await getDataset(t.db(), info.key))?.stored).toBe(9); // the counters don't know

    const writer = createDatasetWriter(t.db(), info); // a new run
    expect(await writer.summary()).toEqual({ stored: 4, maxId: record(3)._id, total: 9 });
    expect(await writer.heldIds()).toEqual(records(0, 4).map((r) => r._id));
    // A buffer made after summary() knows what is held: only the lost records are new.
    const buffer = writer.createBuffer();
    buffer.add(records(0, 9));
    expect(buffer.size).toBe(5);
    const result = await writer.commit({ items: [], buffer, job: job(3), total: 9 });
    expect(result).toEqual({ added: 5, stored: 9, maxId: record(8)._id });
    expect((await getDataset(t.db(), info.key))?.stored).toBe(9);
  });

  it('starts afresh when the dataset is deleted under it', async () => {
    const writer = createDatasetWriter(t.db(), info);
    await writer.commit({ items: records(0, 3), job: job(1), total: 3 });
    await deleteDataset(t.db(), info.key);
    expect(await readColumn(t.db(), info.key, '_id')).toEqual([]);
    expect(await writer.commit({ items: records(0, 3), job: job(1), total: 3 })).toMatchObject({
      added: 3,
      stored: 3,
    });
  });
});
