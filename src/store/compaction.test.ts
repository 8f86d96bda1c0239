import { deleteDB, openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Column, cellValue, columnLength } from '../frame/column.ts';
import { buildChunk, type RecordWithId, readChunks, readColumn } from './chunks.ts';
import { decodeColumn } from './column-codec.ts';
import { loadColumn, openDatasetFrame, readColumnChunks } from './column-reader.ts';
import { type CompactionStep, compactDataset, segmentSummary } from './compaction.ts';
import { createDatasetWriter } from './dataset-writer.ts';
import {
  deleteDataset,
  deleteThenFree,
  mergeColumns,
  newDatasetRecord,
  orphanedKeys,
} from './datasets.ts';
import { type CrowdDatabase, MIGRATIONS, openCrowdDb } from './db.ts';
import { type MemoryOpfs, memoryOpfs } from './memory-opfs.ts';
import { useOpfsRoot } from './segment-backends.ts';
import type { Backend } from './segment-files.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from './test-db.test-support.ts';

const info = TEST_DATASET;
const t = setupTestDb('crowdmri-compaction-test');
let opfs: MemoryOpfs;
beforeEach(() => {
  opfs = memoryOpfs();
  useOpfsRoot(opfs.root);
});
afterEach(() => useOpfsRoot(undefined));

const MAKERS = ['GE', 'Siemens', 'Philips'];

/** Record i, with a field of every stored kind (some missing, some only in later records). */
function record(i: number): RecordWithId {
  const r: RecordWithId = {
    _id: testId(i),
    _created: new Date(Date.UTC(2020, 0, 1, 0, 0, i)).toUTCString(),
    snr: i % 11 === 0 ? null : i * 0.37,
    size_x: 128 + (i % 5),
    half: i % 2 ? 0.5 : 0.25,
    flag: i % 3 === 0,
    echo: i % 4 === 0 ? 'n/a' : i / 1000,
    note: `free text ${i}`,
    tags: [i, 'x'],
    bids_meta: { Manufacturer: MAKERS[i % 3]!, MagneticFieldStrength: 3 },
    provenance: {
      md5sum: i % 13 === 0 ? undefined! : i.toString(16).padStart(32, '0'),
      version: i % 2 ? '23.1.0' : '0.9.7',
    },
  };
  if (i >= 40) r.late = `since 40: ${i}`;
  return r;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => record(from + k));

/** Stores each batch as one commit (one appended chunk), as a download does. */
async function store(db: CrowdDatabase, batches: RecordWithId[][], status = 'done' as const) {
  const writer = createDatasetWriter(db, info, () => 1);
  for (const [i, items] of batches.entries()) {
    const last = i === batches.length - 1;
    await writer.commit({ items, job: testJob(i + 1, last ? status : 'running'), total: 0 });
  }
}

function cells(column: Column): unknown[] {
  return Array.from({ length: columnLength(column) }, (_, row) => cellValue(column, row));
}

/** Every cell of every column, as the table reads them, plus each chunk as the export reads it. */
async function snapshot(db: CrowdDatabase) {
  const opened = await openDatasetFrame(db, info.key);
  if (!opened) return null;
  const { frame, chunks } = opened;
  const columns: Record<string, unknown[]> = {};
  for (const { name } of frame.columns) columns[name] = cells(await frame.load(name));
  const perChunk: Record<string, unknown[][]> = {};
  for (const { name } of frame.columns) {
    const records = await readColumnChunks(db, info.key, name, 0, chunks.at(-1)!.chunk);
    const byChunk = new Map(records.map((r) => [r.chunk, decodeColumn(r)]));
    perChunk[name] = chunks.map((c) => byChunk.get(c.chunk) ?? new Array(c.count).fill(undefined));
  }
  return { rows: frame.rowCount, columns, perChunk };
}

const BATCHES = [range(0, 17), range(17, 30), range(30, 45), range(45, 52)];

describe.each<Backend>(['opfs', 'idb'])('compaction into %s', (backend) => {
  it('reads every cell of every column kind the same after compaction, from one segment each', async () => {
    const db = t.db();
    await store(db, BATCHES);
    const before = await snapshot(db);
    const result = await compactDataset(db, info.key, { prefer: backend });
    expect(result).toMatchObject({ type: 'compacted', from: 0, to: 3, rows: 52, backend });
    expect(await segmentSummary(db, info.key)).toEqual({ chunks: 4, appended: 0, segments: 1 });
    // The appended records are gone: the segments hold the rows now.
    expect(await db.count('columns')).toBe(0);
    expect(await snapshot(db)).toEqual(before);
    // Column kinds as the frame sees them did not change either.
    const opened = await openDatasetFrame(db, info.key);
    const snr = await opened!.frame.load('snr');
    expect(snr.kind).toBe('number');
    expect((await opened!.frame.load('echo')).kind).toBe('raw');
    expect((await opened!.frame.load('_id')).kind).toBe('text');
    const files = backend === 'opfs' ? opfs.files().size : await db.count('files');
    // One file per column, and the four of the dedup indexes (stored-dedup.ts).
    expect(files).toBe(opened!.frame.columns.length + 4);
  });

  it('a refresh after compaction appends, drops ids already held, and the next compaction folds it in', async () => {
    const db = t.db();
    await store(db, BATCHES);
    await compactDataset(db, info.key, { prefer: backend });
    // A new run (a fresh writer, as after a reload): its first batch repeats compacted records.
    await store(db, [range(50, 66), range(66, 82)]);
    const opened = await openDatasetFrame(db, info.key);
    expect(opened!.frame.rowCount).toBe(82);
    const ids = cells(await opened!.frame.load('_id'));
    expect(ids).toEqual(Array.from({ length: 82 }, (_, i) => testId(i)));
    const before = await snapshot(db);
    // 52 compacted rows ≤ 2 × 30 new rows: merged into one segment again.
    expect(await compactDataset(db, info.key, { prefer: backend })).toMatchObject({
      type: 'compacted',
      from: 0,
      to: 5,
      segments: 1,
    });
    expect(await snapshot(db)).toEqual(before);
    // The first segment's files were deleted with it.
    const files = backend === 'opfs' ? opfs.files().size : await db.count('files');
    // One file per column, and the four of the dedup indexes (stored-dedup.ts).
    expect(files).toBe(opened!.frame.columns.length + 4);
  });

  it('keeps a large segment and adds a small one for a small refresh', async () => {
    const db = t.db();
    await store(db, [range(0, 40), range(40, 80)]);
    await compactDataset(db, info.key, { prefer: backend });
    await store(db, [range(80, 83), range(83, 85)]);
    const before = await snapshot(db);
    expect(await compactDataset(db, info.key, { prefer: backend })).toMatchObject({
      type: 'compacted',
      from: 2,
      to: 3,
      segments: 2,
    });
    expect(await snapshot(db)).toEqual(before);
    expect(await segmentSummary(db, info.key)).toEqual({ chunks: 4, appended: 0, segments: 2 });
  });

  for (const step of ['written', 'switched', 'deleted'] as CompactionStep[]) {
    it(`a compaction killed after "${step}" leaves every row readable once; the next one finishes`, async () => {
      const db = t.db();
      await store(db, BATCHES);
      const before = await snapshot(db);
      const crash = new Error(`killed after ${step}`);
      await expect(
        compactDataset(db, info.key, {
          prefer: backend,
          onStep: (s) => {
            if (s === step) throw crash;
          },
        }),
      ).rejects.toBe(crash);
      // What a reloaded tab sees: a second connection.
      const reopened = await t.reopen();
      expect(await snapshot(reopened)).toEqual(before);
      const again = await compactDataset(reopened, info.key, { prefer: backend });
      expect(again.type).toBe(step === 'written' ? 'compacted' : 'nothing');
      expect(await snapshot(reopened)).toEqual(before);
      // Every chunk is in a segment now: no appended record is left behind, even by a run
      // killed before it dropped them.
      expect(await reopened.count('columns')).toBe(0);
      // Orphans of the killed run (new files before the switch, old ones after it) are swept.
      const index = await reopened.getAll('segments');
      const named = new Set(index.map((s) => s.file));
      const held =
        backend === 'opfs'
          ? [...opfs.files().keys()].map((p) => p.split('/').at(-1)!)
          : (await reopened.getAllKeys('files')).map((k) => k.split('/').at(-1)!);
      expect(new Set(held)).toEqual(named);
    });
  }

  it('yields to someone waiting for the dataset: nothing switched, its files removed', async () => {
    const db = t.db();
    await store(db, BATCHES);
    const before = await snapshot(db);
    let asked = 0;
    const result = await compactDataset(db, info.key, {
      prefer: backend,
      shouldYield: () => ++asked > 3,
    });
    expect(result).toEqual({ type: 'yielded' });
    expect(await snapshot(db)).toEqual(before);
    expect(backend === 'opfs' ? opfs.files().size : await db.count('files')).toBe(0);
  });

  it('yields while dropping the replaced appended records: the switch stands, the next run drops the rest', async () => {
    const db = t.db();
    await store(db, BATCHES);
    const before = await snapshot(db);
    let switched = false;
    const result = await compactDataset(db, info.key, {
      prefer: backend,
      onStep: (s) => {
        if (s === 'switched') switched = true;
      },
      // Someone asks for the dataset right after the switch.
      shouldYield: () => switched,
    });
    expect(result.type).toBe('compacted');
    expect(await db.count('columns')).toBeGreaterThan(0);
    expect(await snapshot(db)).toEqual(before);
    expect((await compactDataset(db, info.key, { prefer: backend })).type).toBe('nothing');
    expect(await db.count('columns')).toBe(0);
    expect(await snapshot(db)).toEqual(before);
  });

  it('Delete removes the segment files with the dataset', async () => {
    const db = t.db();
    await store(db, BATCHES);
    await compactDataset(db, info.key, { prefer: backend });
    expect(opfs.usage() + (await db.count('files'))).toBeGreaterThan(0);
    await deleteDataset(db, info.key);
    expect(opfs.files().size).toBe(0);
    expect(await db.count('files')).toBe(0);
    expect(await db.count('segments')).toBe(0);
    expect(await openDatasetFrame(db, info.key)).toBeNull();
  });

  /** Every record of every store, and every segment file: what a Delete has left to remove. */
  async function held(db: CrowdDatabase, all = true) {
    const stores = ['chunks', 'columns', 'segments', 'files'] as const;
    const counts = await Promise.all(
      [...stores, ...(all ? (['datasets', 'jobs'] as const) : [])].map((n) => db.count(n)),
    );
    return counts.reduce((a, b) => a + b, 0) + (all ? opfs.files().size : 0);
  }

  /** A dataset compacted, then appended to: segments, segment files and appended records. */
  async function compactedThenAppended(db: CrowdDatabase) {
    await store(db, BATCHES);
    await compactDataset(db, info.key, { prefer: backend });
    const writer = createDatasetWriter(db, info, () => 1);
    await writer.commit({ items: range(52, 60), job: testJob(5, 'done'), total: 0 });
  }

  it('Delete removes a dataset a few records per transaction', async () => {
    const db = t.db();
    await compactedThenAppended(db);
    // The dataset's record and job go first, in a transaction of their own; the segment
    // files' directory goes in one call, not in IndexedDB transactions.
    let before = await held(db, false);
    const removed: number[] = [];
    let forgotten = false;
    await deleteDataset(db, info.key, {
      batch: 2,
      // The page forgets the dataset before its records go (a long Delete may be cut short).
      forgotten: () => {
        forgotten = true;
        expect(removed).toEqual([]);
      },
      afterBatch: async () => {
        expect(forgotten).toBe(true);
        expect(await db.count('datasets')).toBe(0);
        const now = await held(db, false);
        removed.push(before - now);
        before = now;
      },
    });
    expect(removed.length).toBeGreaterThan(3);
    expect(Math.max(...removed)).toBeLessThanOrEqual(2);
    expect(await held(db)).toBe(0);
  });

  /** Stores a dataset and deletes it, the browser killed after the Delete's `cut`th batch
   * of 3 keys; false when the Delete ended before that. */
  async function storeThenCutDelete(
    db: CrowdDatabase,
    cut: number,
    setup = compactedThenAppended,
  ): Promise<boolean> {
    await setup(db);
    let batches = 0;
    const crash = new Error('the browser was killed');
    const stopped = await deleteDataset(db, info.key, {
      batch: 3,
      afterBatch: () => {
        if (++batches === cut) throw crash;
      },
    }).catch((error: unknown) => error);
    return stopped === crash;
  }

  it('a Delete cut short after any transaction: no dataset is left, and a new download of the same query holds only its own records', async () => {
    const db = t.db();
    // What the new download alone stores, in a store that never held anything else.
    const fresh = [range(1000, 1006), range(1006, 1009)];
    await store(db, fresh);
    const expected = await snapshot(db);
    await deleteDataset(db, info.key);
    expect(await held(db)).toBe(0);

    for (let cut = 1; ; cut++) {
      if (!(await storeThenCutDelete(db, cut))) break; // the Delete ran to its end: every cut tried
      expect(await openDatasetFrame(db, info.key)).toBeNull();
      expect(await db.count('datasets')).toBe(0);
      await store(db, fresh);
      expect(await snapshot(db), `cut after transaction ${cut}`).toEqual(expected);
      await deleteDataset(db, info.key);
      expect(await held(db)).toBe(0);
    }
  });

  /** For a Delete cut after each of its transactions in turn (the dataset stored by `setup`):
   * while anything is left the key is found, and its compaction then removes it all. */
  async function expectEveryCutFoundAndSwept(setup?: (db: CrowdDatabase) => Promise<void>) {
    const db = t.db();
    for (let cut = 1; ; cut++) {
      if (!(await storeThenCutDelete(db, cut, setup))) break;
      const left = await held(db);
      if (cut === 1) expect(left).toBeGreaterThan(0);
      expect(await orphanedKeys(db), `cut after transaction ${cut}`).toEqual(
        left > 0 ? [info.key] : [],
      );
      expect((await compactDataset(db, info.key, { prefer: backend })).type).toBe('nothing');
      expect(await held(db), `cut after transaction ${cut}`).toBe(0);
      expect(await orphanedKeys(db)).toEqual([]);
    }
  }

  it('whatever a Delete cut short left, the key is found at the next start and its compaction removes it all', async () => {
    // Files go first and the segment index last: while anything is left, a record names the key.
    await expectEveryCutFoundAndSwept();
  });

  it('segment files a killed compaction left in a never-compacted dataset go before anything that names the key', async () => {
    // Appended chunks only, and the files of a compaction killed before its switch: no
    // segment record names them.
    await expectEveryCutFoundAndSwept(async (db) => {
      await store(db, BATCHES);
      const crash = new Error('killed after writing');
      await compactDataset(db, info.key, {
        prefer: backend,
        onStep: (s) => {
          if (s === 'written') throw crash;
        },
      }).catch(() => {});
      expect(await db.count('segments')).toBe(0);
    });
  });

  it('a download of the same query started while a Delete frees space holds only its own records', async () => {
    const db = t.db();
    const fresh = [range(1000, 1006), range(1006, 1009)];
    await store(db, fresh);
    const expected = await snapshot(db);
    await deleteDataset(db, info.key);
    let tried = 0;
    for (let at = 1; ; at++) {
      await compactedThenAppended(db);
      let batches = 0;
      let downloaded = false;
      // The freeing runs outside the dataset's lock: the download starts between two batches.
      await deleteThenFree(db, info.key, {
        locked: (step) => step(),
        batch: 3,
        afterBatch: async () => {
          if (++batches !== at) return;
          await store(db, fresh);
          downloaded = true;
        },
      });
      if (!downloaded) break; // the freeing ended before batch `at`: every point tried
      tried++;
      expect(await snapshot(db), `download after batch ${at}`).toEqual(expected);
      expect(await orphanedKeys(db)).toEqual([]);
      await deleteDataset(db, info.key);
      expect(await held(db)).toBe(0);
    }
    expect(tried).toBeGreaterThan(3);
  });

  it('a stored dataset is no orphan', async () => {
    const db = t.db();
    await compactedThenAppended(db);
    expect(await orphanedKeys(db)).toEqual([]);
  });
});

describe('compaction', () => {
  it('leaves a dataset of one appended chunk as it is, unless forced', async () => {
    const db = t.db();
    await store(db, [range(0, 10)]);
    expect(await compactDataset(db, info.key)).toEqual({ type: 'nothing' });
    expect((await compactDataset(db, info.key, { force: true })).type).toBe('compacted');
  });

  it('writes to IndexedDB where there is no OPFS, and to OPFS where a probe write works', async () => {
    useOpfsRoot(null); // a browser without OPFS
    const db = t.db();
    await store(db, BATCHES);
    expect(await compactDataset(db, info.key)).toMatchObject({ backend: 'idb' });
    useOpfsRoot(opfs.root);
    const other = await t.reopen();
    await store(other, [range(52, 70), range(70, 82)]);
    const before = await snapshot(other);
    // Segments of both backends read together, merged into an origin-private file.
    expect(await compactDataset(other, info.key, { force: true })).toMatchObject({
      backend: 'opfs',
      segments: 1,
    });
    expect(await snapshot(other)).toEqual(before);
    expect(await other.count('files')).toBe(0);
  });

  it('a full disk while writing segments is a storage error and changes nothing', async () => {
    const db = t.db();
    await store(db, BATCHES);
    const before = await snapshot(db);
    opfs.quota = 2000;
    await expect(compactDataset(db, info.key, { prefer: 'opfs' })).rejects.toMatchObject({
      name: 'StoreQuotaError',
    });
    expect(await snapshot(db)).toEqual(before);
    expect(opfs.usage()).toBe(0);
  });

  it('finds the index changed under it (another tab compacted first) and switches nothing', async () => {
    const db = t.db();
    await store(db, BATCHES);
    const other = await t.reopen();
    let raced = false;
    const result = await compactDataset(db, info.key, {
      prefer: 'opfs',
      shouldYield: async () => {
        if (!raced) {
          raced = true;
          await compactDataset(other, info.key, { prefer: 'idb' });
        }
        return false;
      },
    });
    expect(result).toEqual({ type: 'changed' });
    expect(opfs.files().size).toBe(0);
    expect(await segmentSummary(db, info.key)).toEqual({ chunks: 4, appended: 0, segments: 1 });
  });

  it('the writer catches up ids from compacted segments it never saw (another tab compacted)', async () => {
    const db = t.db();
    const writer = createDatasetWriter(db, info, () => 1);
    await writer.commit({ items: range(0, 20), job: testJob(1), total: 0 });
    // Meanwhile another tab appended two chunks and compacted everything.
    const other = await t.reopen();
    const second = createDatasetWriter(other, info, () => 1);
    await second.commit({ items: range(20, 40), job: testJob(2), total: 0 });
    await second.commit({ items: range(40, 50), job: testJob(3), total: 0 });
    await compactDataset(other, info.key);
    // This writer's next batch repeats some of those: they are dropped.
    const result = await writer.commit({ items: range(30, 60), job: testJob(4), total: 0 });
    expect(result).toMatchObject({ added: 10, stored: 60 });
    const ids = (await readColumn(db, info.key, '_id')).flatMap((r) => decodeColumn(r));
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => testId(i)));
  });
});

describe('datasets stored before segments existed', () => {
  const NAME = 'crowdmri-old-format-test';
  afterEach(() => deleteDB(NAME));

  it('read as they are, then compact, in a database upgraded from version 1', async () => {
    // Version 1 of the database, written by the code of that time (appended chunks only).
    const v1 = await openDB(NAME, 1, {
      upgrade: (db) => MIGRATIONS[0]?.(db as never, undefined as never),
    });
    v1.close();
    // Filled record by record the way that version's writer did.
    const old = await openDB(NAME, 1);
    let ds = newDatasetRecord(info, 1);
    for (const [chunk, batch] of BATCHES.entries()) {
      const built = buildChunk(batch);
      const { count, minId, maxId } = built;
      await old.put('chunks', { datasetKey: info.key, chunk, count, minId, maxId });
      for (const { name, column } of built.columns) {
        await old.put('columns', { ...column, chunk }, [info.key, name, chunk]);
      }
      const types = built.columns.map(
        ({ name, column }) => [name, column.kind === 'number' ? 'number' : 'text'] as const,
      );
      ds = { ...ds, nextChunk: chunk + 1, stored: ds.stored + count, maxId, complete: true };
      ds.columns = mergeColumns(ds.columns, types);
    }
    await old.put('datasets', ds);
    old.close();
    const db = await openCrowdDb(NAME);
    try {
      const before = await snapshot(db);
      expect(before?.rows).toBe(52);
      expect(await readChunks(db, info.key)).toHaveLength(4);
      expect(await compactDataset(db, info.key)).toMatchObject({ type: 'compacted', rows: 52 });
      expect(await snapshot(db)).toEqual(before);
      const snr = await loadColumn(db, info.key, 'snr', await readChunks(db, info.key));
      expect(cells(snr)[1]).toBeCloseTo(0.37);
    } finally {
      db.close();
    }
  });
});
