import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cellValue, columnLength } from '../frame/column.ts';
import type { RecordWithId } from './chunks.ts';
import { openDatasetFrame } from './column-reader.ts';
import { compactDataset } from './compaction.ts';
import { createDatasetWriter } from './dataset-writer.ts';
import { type Completeness, getDataset } from './datasets.ts';
import type { CrowdDatabase } from './db.ts';
import { type MemoryOpfs, memoryOpfs } from './memory-opfs.ts';
import { useOpfsRoot } from './segment-backends.ts';
import type { SegmentRecord } from './segments.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from './test-db.test-support.ts';

/**
 * The integrity checks (counts from the held `_id`s, lost chunks found and fetched again,
 * completeness verified) on a dataset whose chunks a compaction folded into segments: ids
 * moved into a segment are still held, and a loss after compaction is still a loss.
 */

const info = TEST_DATASET;
const t = setupTestDb('crowdmri-compacted-integrity-test');
let opfs: MemoryOpfs;
beforeEach(() => {
  opfs = memoryOpfs();
  useOpfsRoot(opfs.root);
});
afterEach(() => useOpfsRoot(undefined));

const record = (i: number): RecordWithId => ({ _id: testId(i), snr: i * 0.5, site: `s${i % 3}` });
const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => record(from + k));
const ids = (from: number, to: number) => records(from, to).map((r) => r._id);
const verified = (count: number): Completeness => ({ type: 'verified', count });

/** Four runs' commits of 5 records (chunks 0..3), verified complete, then compacted. */
async function storeAndCompact(db: CrowdDatabase) {
  const writer = createDatasetWriter(db, info, () => 1);
  for (let c = 0; c < 4; c++) {
    const last = c === 3;
    await writer.commit({
      items: records(c * 5, c * 5 + 5),
      job: testJob(c + 1, last ? 'done' : 'running'),
      total: 20,
      ...(last ? { completeness: verified(20) } : {}),
    });
  }
  expect(await compactDataset(db, info.key)).toMatchObject({ type: 'compacted', from: 0, to: 3 });
  // Really compacted: no appended `_id` record is left, the ids are in one segment file.
  expect(await db.getAll('columns')).toEqual([]);
  return writer;
}

/** The table's view of the dataset: its row count and every `_id`. */
async function frameIds(db: CrowdDatabase) {
  const opened = await openDatasetFrame(db, info.key);
  const column = await opened!.frame.load('_id');
  const all = Array.from({ length: columnLength(column) }, (_, r) => cellValue(column, r));
  return { rows: opened!.frame.rowCount, ids: [...(all as string[])].sort() };
}

describe('a compacted dataset', () => {
  it('keeps its summary, held ids and completeness exact, and holds its ids against duplicates', async () => {
    const db = t.db();
    const before = await storeAndCompact(db);
    // A new run (a reload, another tab) and the run that wrote it both see every id.
    for (const writer of [createDatasetWriter(db, info), before]) {
      expect(await writer.summary()).toEqual({ stored: 20, maxId: testId(19), total: 20 });
      expect(await writer.heldIds()).toEqual(ids(0, 20));
    }
    const refresh = createDatasetWriter(db, info);
    // A Refresh that re-reads records held only in the segment stores none of them again, and
    // its verified end keeps the dataset complete.
    const result = await refresh.commit({
      items: records(0, 20),
      job: testJob(5, 'done'),
      total: 20,
      completeness: verified(20),
    });
    expect(result).toEqual({ added: 0, stored: 20, maxId: testId(19) });
    expect(await getDataset(db, info.key)).toMatchObject({ stored: 20, complete: true });
    expect(await frameIds(db)).toEqual({ rows: 20, ids: ids(0, 20) });
  });

  it('still finds a chunk lost after compaction, and the lost records are fetched again once', async () => {
    const db = t.db();
    const running = await storeAndCompact(db);
    // Chunk 1 (records 5..9) gone behind the app's back; its rows stay inside the segment's
    // bytes, but no chunk record names them any more.
    await db.delete('chunks', [info.key, 1]);
    for (const writer of [createDatasetWriter(db, info), running]) {
      expect(await writer.summary()).toMatchObject({ stored: 15 });
      expect(await writer.heldIds()).toEqual([...ids(0, 5), ...ids(10, 20)]);
    }
    // Repair fetches the range again: exactly the lost records are new.
    const repair = createDatasetWriter(db, info);
    await repair.summary();
    const buffer = repair.createBuffer();
    buffer.add(records(0, 20));
    expect(buffer.size).toBe(5);
    const result = await repair.commit({
      items: [],
      buffer,
      job: testJob(5, 'done'),
      total: 20,
      completeness: verified(20),
    });
    expect(result).toEqual({ added: 5, stored: 20, maxId: testId(19) });
    expect(await getDataset(db, info.key)).toMatchObject({ stored: 20, complete: true });
    // The table shows each record once: the lost chunk's rows in the segment are not read.
    expect(await frameIds(db)).toEqual({ rows: 20, ids: ids(0, 20) });
  });

  it('counts the records of a segment file that vanished as missing, not as held', async () => {
    const db = t.db();
    await storeAndCompact(db);
    // The `_id` segment's file gone (its index record stays), as an evicted or damaged file.
    const keys = await db.getAllKeys('segments');
    const at = keys.findIndex((k) => k[1] === '_id');
    const segment = (await db.getAll('segments'))[at] as SegmentRecord;
    const root = await opfs.root();
    const folder = await (await root.getDirectoryHandle('crowdmri-segments')).getDirectoryHandle(
      segment.dir,
    );
    await folder.removeEntry(segment.file);
    // The next run (Resume, Refresh: each makes its writer) reads the index and the files.
    const next = createDatasetWriter(db, info);
    expect(await next.summary()).toEqual({ stored: 0, maxId: null, total: 20 });
    const result = await next.commit({
      items: records(0, 20),
      job: testJob(5, 'done'),
      total: 20,
      completeness: { type: 'missing', count: 20, missing: 20 },
    });
    expect(result).toMatchObject({ added: 20, stored: 20 });
    expect(await getDataset(db, info.key)).toMatchObject({ complete: false });
  });
});
