import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dedupRows } from '../frame/dedup.ts';
import { builtDedup } from '../frame/dedup-built.test-support.ts';
import { CREATED, dedupOf, MD5SUM, VERSION } from '../frame/view.ts';
import type { RecordWithId } from './chunks.ts';
import { loadColumn, openDatasetFrame } from './column-reader.ts';
import { compactDataset } from './compaction.ts';
import { createDatasetWriter } from './dataset-writer.ts';
import type { CrowdDatabase } from './db.ts';
import { deriveDedupIndex } from './dedup-derivation.ts';
import { memoryOpfs } from './memory-opfs.ts';
import { useOpfsRoot } from './segment-backends.ts';
import { DEDUP_NAMES, readDedupIndex } from './stored-dedup.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from './test-db.test-support.ts';

const info = TEST_DATASET;
const t = setupTestDb('crowdmri-stored-dedup-test');
let opfs = memoryOpfs();
beforeEach(() => {
  opfs = memoryOpfs();
  useOpfsRoot(opfs.root);
});
afterEach(() => useOpfsRoot(undefined));

/** Record i: scans uploaded up to three times (md5sum i % 17), some without an md5sum or date. */
function record(i: number): RecordWithId {
  const md5sum = i % 19 === 0 ? undefined : (i % 17).toString(16).padStart(32, '0');
  const created = i % 23 === 0 ? undefined : new Date(Date.UTC(2021, 0, 1 + (i % 5))).toUTCString();
  return {
    _id: testId(i),
    ...(created ? { _created: created } : {}),
    snr: i / 3,
    provenance: { ...(md5sum ? { md5sum } : {}), version: i % 3 === 0 ? '23.1.0' : '24.0.0' },
  };
}
const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => record(from + k));

async function store(db: CrowdDatabase, batches: RecordWithId[][]) {
  const writer = createDatasetWriter(db, info, () => 1);
  for (const [i, items] of batches.entries()) {
    await writer.commit({ items, job: testJob(i + 1, 'running'), total: 0 });
  }
}

/** The dedup as computed from the stored md5sum and _created columns. */
async function computed(db: CrowdDatabase, keep: 'first' | 'last') {
  const opened = await openDatasetFrame(db, info.key);
  const { chunks, frame } = opened!;
  const [md5sum, created] = await Promise.all([
    loadColumn(db, info.key, MD5SUM, chunks),
    loadColumn(db, info.key, CREATED, chunks),
  ]);
  return builtDedup(
    dedupRows({ rowCount: frame.rowCount, md5sum, created }, { key: 'md5sum', keep }),
  );
}

describe('the stored dedup index', () => {
  it('is derived by the compaction and opens a table without reading the md5sum column', async () => {
    const db = t.db();
    await store(db, [range(0, 40), range(40, 90), range(90, 120)]);
    expect((await compactDataset(db, info.key)).type).toBe('compacted');
    for (const keep of ['first', 'last'] as const) {
      const { frame } = (await openDatasetFrame(db, info.key))!;
      const result = await dedupOf(frame, { dedup: 'md5sum', keep });
      expect(builtDedup(result)).toEqual(await computed(db, keep));
      expect(result.summary.duplicateGroups).toBe(17);
      // What makes the open cheap: neither the digests nor the dates were read.
      expect(frame.loadedNames()).toEqual([]);
    }
  });

  it('is not used for rows a download appended since; the next compaction derives it again', async () => {
    const db = t.db();
    await store(db, [range(0, 40), range(40, 90)]);
    await compactDataset(db, info.key);
    // A refresh appends a chunk whose rows repeat earlier scans.
    await store(db, [range(90, 130)]);
    const opened = (await openDatasetFrame(db, info.key))!;
    expect(await readDedupIndex(db, info.key, opened.chunks)).toBeNull();
    const before = await dedupOf(opened.frame, { dedup: 'md5sum', keep: 'first' });
    expect(builtDedup(before)).toEqual(await computed(db, 'first'));
    expect(opened.frame.loadedNames()).toContain(MD5SUM);

    await compactDataset(db, info.key, { force: true });
    const again = (await openDatasetFrame(db, info.key))!;
    expect(await readDedupIndex(db, info.key, again.chunks)).not.toBeNull();
    expect(builtDedup(await dedupOf(again.frame, { dedup: 'md5sum', keep: 'first' }))).toEqual(
      builtDedup(before),
    );
    expect(again.frame.loadedNames()).toEqual([]);
  });

  it('the md5sum+version key has its own index: changing the key reads no digests either', async () => {
    const db = t.db();
    await store(db, [range(0, 40), range(40, 90)]);
    await compactDataset(db, info.key);
    const opened = (await openDatasetFrame(db, info.key))!;
    for (const keep of ['first', 'last'] as const) {
      const result = await dedupOf(opened.frame, { dedup: 'md5sum+version', keep });
      expect(opened.frame.loadedNames()).toEqual([]);
      const [md5sum, version, created] = await Promise.all(
        [MD5SUM, VERSION, CREATED].map((name) => loadColumn(db, info.key, name, opened.chunks)),
      );
      expect(builtDedup(result)).toEqual(
        builtDedup(
          dedupRows(
            { rowCount: opened.frame.rowCount, md5sum, version, created },
            { key: 'md5sum+version', keep },
          ),
        ),
      );
    }
  });

  /** As the code before the index stored a dataset: no derived records. */
  async function dropDerived(db: CrowdDatabase) {
    const tx = db.transaction('segments', 'readwrite');
    const keys = await tx.store.getAllKeys();
    for (const key of keys) if (String(key[1]).startsWith('\u0000')) await tx.store.delete(key);
    await tx.done;
  }

  it('a dataset compacted before the index existed gets one from the next compaction run', async () => {
    const db = t.db();
    await store(db, [range(0, 40), range(40, 90)]);
    await compactDataset(db, info.key);
    await dropDerived(db);
    const opened = (await openDatasetFrame(db, info.key))!;
    expect(await readDedupIndex(db, info.key, opened.chunks)).toBeNull();
    expect(await compactDataset(db, info.key)).toEqual({ type: 'nothing' });
    expect(await readDedupIndex(db, info.key, opened.chunks)).not.toBeNull();
    // Derived once: a second run finds it there.
    expect(await deriveDedupIndex(db, info.key)).toBe(false);
  });

  it('a disk too full for the index: the compaction still succeeds, the dedup is computed', async () => {
    const db = t.db();
    await store(db, [range(0, 40), range(40, 90)]);
    await compactDataset(db, info.key);
    await dropDerived(db);
    await store(db, [range(90, 120), range(120, 150)]);
    const result = await compactDataset(db, info.key, {
      prefer: 'opfs',
      // The disk fills once the column segments are in: the index's files cannot be written.
      onStep: (step) => {
        if (step === 'deleted') opfs.quota = opfs.usage();
      },
    });
    expect(result.type).toBe('compacted');
    const opened = (await openDatasetFrame(db, info.key))!;
    expect(await readDedupIndex(db, info.key, opened.chunks)).toBeNull();
    expect(builtDedup(await dedupOf(opened.frame, { dedup: 'md5sum', keep: 'first' }))).toEqual(
      await computed(db, 'first'),
    );
  });

  it('a damaged index file is never believed: the dedup is computed from the columns', async () => {
    useOpfsRoot(null); // segments as IndexedDB Blobs, which the test can overwrite
    const db = t.db();
    await store(db, [range(0, 40), range(40, 90)]);
    await compactDataset(db, info.key);
    const [flags] = await db.getAll(
      'segments',
      IDBKeyRange.bound(
        [info.key, DEDUP_NAMES.md5sum.flags],
        [info.key, DEDUP_NAMES.md5sum.flags, []],
      ),
    );
    const path = `${flags!.dir}/${flags!.file}`;
    const size = ((await db.get('files', path)) as Blob).size;
    await db.put('files', new Blob([new Uint8Array(size)]), path);
    const { frame } = (await openDatasetFrame(db, info.key))!;
    expect(builtDedup(await dedupOf(frame, { dedup: 'md5sum', keep: 'first' }))).toEqual(
      await computed(db, 'first'),
    );
    expect(frame.loadedNames()).toContain(MD5SUM);
  });

  it('a dataset with no md5sum at all: every row its own group, from the index too', async () => {
    const db = t.db();
    const plain = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => ({ _id: testId(from + k), snr: k }));
    await store(db, [plain(0, 10), plain(10, 25)]);
    await compactDataset(db, info.key);
    const { frame, chunks } = (await openDatasetFrame(db, info.key))!;
    expect(await readDedupIndex(db, info.key, chunks)).not.toBeNull();
    const result = await dedupOf(frame, { dedup: 'md5sum', keep: 'last' });
    expect(result.summary).toMatchObject({ total: 25, unique: 25, missingKey: 25 });
  });
});
