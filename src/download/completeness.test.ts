import { describe, expect, it } from 'vitest';
import { readChunks, readColumn } from '../store/chunks.ts';
import { decodeColumn } from '../store/column-codec.ts';
import { createDatasetWriter } from '../store/dataset-writer.ts';
import { type DatasetInfo, deleteDataset, getDataset } from '../store/datasets.ts';
import type { CrowdDatabase } from '../store/db.ts';
import { getJob } from '../store/jobs.ts';
import { setupTestDb } from '../store/test-db.test-support.ts';
import { type DownloadResult, runDownload } from './download-engine.ts';
import { createFakeEve, type FakeEve, makeRecords } from './fake-eve.test-support.ts';
import { MAX_PLAUSIBLE_TOTAL } from './page-checks.ts';
import type { ApiItem, FetchPage, Filter, PageRequest } from './page-request.ts';
import { prepareJob } from './prepare-job.ts';
import type { DownloadProgress, JobSpec } from './protocol.ts';
import type { Sleep } from './retry.ts';

/**
 * Completion is verified, never assumed: every run ends with the server's count compared with
 * what the store really holds, and the next Download / Refresh / Resume mends what is missing
 * by re-reading only the `_id` ranges whose counts differ. The store loses records here the
 * ways it can in a browser: the dataset deleted while its download runs (another tab), chunks
 * gone behind the app's back.
 */

const info: DatasetInfo = { key: 'k', query: {}, source: 'fake', modality: 'T1w' };
const filter: Filter = { 'provenance.software': 'mriqc' };
const t = setupTestDb();

/** Every sleep resolves on the next macrotask and moves a virtual clock: no test waits for real. */
function virtualTime() {
  let now = 0;
  const sleep: Sleep = (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      setTimeout(() => {
        now += ms;
        resolve();
      }, 0);
    });
  return { now: () => now, sleep };
}

/** One press of Download / Refresh / Resume, as the worker runs it. */
async function press(
  fetchPage: FetchPage,
  mode: JobSpec['mode'] = 'download',
  db: CrowdDatabase = t.db(),
): Promise<DownloadResult & { progress: DownloadProgress[] }> {
  const time = virtualTime();
  const store = createDatasetWriter(db, info, time.now);
  const spec: JobSpec = {
    datasetKey: info.key,
    query: {},
    apiBase: 'fake',
    modality: 'T1w',
    filter,
    mode,
  };
  const signal = new AbortController().signal;
  const retry = { random: () => 0.5 };
  const task = { fetchPage, signal, sleep: time.sleep, retry };
  const [stored, held] = await Promise.all([getJob(db, info.key), store.summary()]);
  const job = await prepareJob({ spec, stored, held, heldIds: store.heldIds, task, now: 0 });
  const progress: DownloadProgress[] = [];
  const result = await runDownload({
    fetchPage,
    store,
    job,
    filter,
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    chunkRecords: 200,
    onProgress: (p) => progress.push(p),
  });
  return { ...result, progress };
}

async function storedIds(): Promise<string[]> {
  return (await readColumn(t.db(), info.key, '_id')).flatMap((c) => decodeColumn(c) as string[]);
}

async function expectExactSet(server: FakeEve) {
  const ids = await storedIds();
  expect(new Set(ids).size, 'none stored twice').toBe(ids.length);
  expect([...ids].sort()).toEqual(server.idsMatching(filter));
  expect((await getDataset(t.db(), info.key))?.stored).toBe(ids.length);
}

/** Deletes chunks (their row counts and every column) as a failing disk or another program might. */
async function loseChunks(chunks: number[]) {
  const tx = t.db().transaction(['chunks', 'columns'], 'readwrite');
  for (const chunk of chunks) await tx.objectStore('chunks').delete([info.key, chunk]);
  for (const key of await tx.objectStore('columns').getAllKeys()) {
    if (chunks.includes(key[2])) await tx.objectStore('columns').delete(key);
  }
  await tx.done;
}

/** Records fetched by page requests (count requests excluded) since call `from`. */
function recordsServed(server: FakeEve, from: number): number {
  return server.calls
    .slice(from)
    .filter((c) => c.maxResults > 1)
    .reduce((n, c) => n + server.idsMatching(c.where).slice(0, 50).length, 0);
}

describe('completion is verified against the server count', () => {
  it('a run ends "verified" only when the stored count equals the server count', async () => {
    const server = createFakeEve(makeRecords(1200, { seed: 1 }));
    const result = await press(server.fetchPage);
    const count = server.idsMatching(filter).length;
    expect(result).toMatchObject({ status: 'done', stored: count, total: count, mended: 0 });
    expect(result.check).toEqual({ type: 'verified', count });
    expect(await getDataset(t.db(), info.key)).toMatchObject({ complete: true, total: count });
  });

  it('Download pressed again keeps the total: the records held are not counted twice (issue 12, bug 1)', async () => {
    const server = createFakeEve(makeRecords(280, { seed: 2 }));
    const count = server.idsMatching(filter).length;
    await press(server.fetchPage);
    const before = server.calls.length;
    const again = await press(server.fetchPage);
    expect(again).toMatchObject({ status: 'done', added: 0, stored: count, total: count });
    expect(again.check).toEqual({ type: 'verified', count });
    expect(Math.max(...again.progress.map((p) => p.total))).toBe(count);
    expect(await getDataset(t.db(), info.key)).toMatchObject({ total: count, complete: true });
    // Nothing re-read: a count, the new-records page for the page size, the tail, the check.
    expect(recordsServed(server, before)).toBe(0);
  });

  it('a dataset deleted while its download runs ends "N missing", never complete; one Resume mends it exactly', async () => {
    const server = createFakeEve(makeRecords(3000, { seed: 3 }));
    const count = server.idsMatching(filter).length;
    let calls = 0;
    const deleting: FetchPage = async (request, signal) => {
      // Another tab's Delete, while this one is a third of the way through.
      if (++calls === 25) await deleteDataset(t.db(), info.key);
      return server.fetchPage(request, signal);
    };
    const first = await press(deleting);
    expect(first.status).toBe('done');
    expect(first.stored).toBeLessThan(count);
    expect(first.check).toEqual({ type: 'missing', count, missing: count - first.stored });
    expect(await getDataset(t.db(), info.key)).toMatchObject({
      complete: false,
      stored: first.stored,
      completeness: { type: 'missing', missing: count - first.stored },
    });

    const before = server.calls.length;
    const resumed = await press(server.fetchPage);
    expect(resumed.check).toEqual({ type: 'verified', count });
    const mended = count - first.stored;
    expect(resumed).toMatchObject({ added: mended, mended, stored: count, total: count });
    await expectExactSet(server);
    expect((await getDataset(t.db(), info.key))?.complete).toBe(true);
    // Only the ranges that differ were read again: fewer records than a whole download.
    expect(recordsServed(server, before)).toBeLessThan(count);
  });

  it('records lost from the store behind its back are found and re-read, only their ranges, on Refresh', async () => {
    const server = createFakeEve(makeRecords(3000, { seed: 4 }));
    const count = server.idsMatching(filter).length;
    await press(server.fetchPage);
    const chunks = await readChunks(t.db(), info.key);
    expect(chunks.length).toBeGreaterThan(4);
    await loseChunks([1, 3]);
    const lost = (chunks[1]?.count ?? 0) + (chunks[3]?.count ?? 0);
    // The dataset's own counters still say complete: only the ids tell.
    expect(await getDataset(t.db(), info.key)).toMatchObject({ complete: true, stored: count });

    const before = server.calls.length;
    const refreshed = await press(server.fetchPage, 'refresh');
    expect(refreshed).toMatchObject({ status: 'done', added: lost, mended: lost, stored: count });
    expect(refreshed.check).toEqual({ type: 'verified', count });
    await expectExactSet(server);
    expect(recordsServed(server, before)).toBeLessThan(count / 2);
  });

  it('records lost mid-run (chunks deleted while it goes on) end "missing", then mend', async () => {
    const server = createFakeEve(makeRecords(3000, { seed: 5 }));
    const count = server.idsMatching(filter).length;
    let calls = 0;
    const losing: FetchPage = async (request, signal) => {
      if (++calls === 40) await loseChunks([0, 2]);
      return server.fetchPage(request, signal);
    };
    const first = await press(losing);
    expect(first.check).toMatchObject({ type: 'missing', count });
    expect((await getDataset(t.db(), info.key))?.complete).toBe(false);
    expect((await press(server.fetchPage, 'download')).check).toEqual({ type: 'verified', count });
    await expectExactSet(server);
  });

  it('two runs of one dataset at once (two tabs) save the exact set and the server total', async () => {
    const server = createFakeEve(makeRecords(3000, { seed: 11 }));
    const count = server.idsMatching(filter).length;
    const other = await t.reopen(); // the other tab's connection
    const [a, b] = await Promise.all([
      press(server.fetchPage),
      press(server.fetchPage, 'download', other),
    ]);
    // Each run's end is the server's count, however the two interleaved (once: 30,044 of 30,000).
    for (const run of [a, b])
      expect(run).toMatchObject({ total: count, check: { type: 'verified' } });
    await expectExactSet(server);
    expect(await getDataset(t.db(), info.key)).toMatchObject({ total: count, stored: count });
  });

  it('new uploads during the check count do not count against the dataset (only ids up to the largest held)', async () => {
    const server = createFakeEve(makeRecords(500, { seed: 6 }));
    let uploaded = false;
    const uploading: FetchPage = async (request, signal) => {
      if (request.maxResults === 1 && !uploaded) {
        uploaded = true; // arrives between the last page and the check
        server.insert(makeRecords(30, { seed: 7, fromSeconds: 1_900_000_000 }));
      }
      return server.fetchPage(request, signal);
    };
    const result = await press(uploading);
    expect(result.check?.type).toBe('verified');
    const refreshed = await press(server.fetchPage, 'refresh');
    expect(refreshed.check).toEqual({ type: 'verified', count: server.idsMatching(filter).length });
    await expectExactSet(server);
  });
});

/** The fake server, lying: each request's answer rewritten by `lie`. */
function lying(
  server: FakeEve,
  lie: (page: { items: ApiItem[]; meta: { total: number } }, request: PageRequest) => void,
): FetchPage {
  return async (request, signal) => {
    const page = await server.fetchPage(request, signal);
    lie(page, request);
    return page;
  };
}

describe('totals that do not add up are never called complete', () => {
  it('a total of 120 with no records: nothing stored, inconsistent', async () => {
    const server = createFakeEve([]);
    const result = await press(
      lying(server, (page) => {
        page.meta.total = 120;
      }),
    );
    expect(result).toMatchObject({ status: 'done', stored: 0, total: 0 });
    expect(result.check).toMatchObject({
      type: 'inconsistent',
      anomalies: { countMismatches: expect.any(Number), example: { total: 120, served: 0 } },
    });
    expect((await getDataset(t.db(), info.key))?.complete).toBe(false);
  });

  it('an impossible total is never shown, and marks the run inconsistent', async () => {
    const server = createFakeEve(makeRecords(400, { seed: 8 }));
    let n = 0;
    const result = await press(
      lying(server, (page) => {
        if (n++ % 2 === 0) page.meta.total = 9_007_199_254_741_112;
      }),
    );
    await expectExactSet(server);
    expect(Math.max(...result.progress.map((p) => p.total))).toBeLessThan(MAX_PLAUSIBLE_TOTAL);
    expect(result.total).toBe(result.stored);
    expect(result.check).toMatchObject({
      type: 'inconsistent',
      anomalies: { implausibleTotals: expect.any(Number) },
    });
  });

  it('a total that jumps between pages of one range is caught', async () => {
    const server = createFakeEve(makeRecords(1500, { seed: 9 }));
    let n = 0;
    const result = await press(
      lying(server, (page, request) => {
        // Every 7th full page claims a hundred times its count: believable alone, not in sequence.
        if (request.maxResults > 1 && page.items.length === 50 && n++ % 7 === 3)
          page.meta.total *= 100;
      }),
    );
    await expectExactSet(server);
    expect(result.check).toMatchObject({
      type: 'inconsistent',
      anomalies: { countMismatches: expect.any(Number) },
    });
    // The end shows what was read: no pages planned for records the lie invented.
    const last = result.progress.at(-1);
    expect(last?.pagesTotal).toBe(last?.pages);
    expect(last?.total).toBe(result.stored);
  });

  it('records served again on later pages are counted, stored once, and reported', async () => {
    const server = createFakeEve(makeRecords(600, { seed: 10 }));
    const all = server.idsMatching(filter);
    const result = await press(
      lying(server, (page, request) => {
        const after = JSON.stringify(request.where).match(/"\$gt":"([0-9a-f]{24})"/)?.[1];
        if (request.maxResults === 1 || !after || page.items.length < 50) return;
        // Repeat the 5 records before the cursor at the page's start (an off-by-some server).
        const at = all.indexOf(after);
        const again = all.slice(Math.max(0, at - 4), at + 1).map((_id) => ({ _id, again: true }));
        page.items = [...again, ...page.items].slice(0, 50) as ApiItem[];
      }),
    );
    await expectExactSet(server);
    expect(result.check).toMatchObject({
      type: 'inconsistent',
      anomalies: { duplicates: expect.any(Number) },
    });
    const { anomalies } = result.check as { anomalies: { duplicates: number } };
    expect(anomalies.duplicates).toBeGreaterThan(0);
  });
});
