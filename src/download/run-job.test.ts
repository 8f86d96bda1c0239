import { forceCloseDatabase } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { NetworkError, SchemeError } from '../api/errors.ts';
import type { FetchFn } from '../api/fetch-page.ts';
import { readColumn } from '../store/chunks.ts';
import { decodeColumn } from '../store/column-codec.ts';
import { datasetLockName, holdDatasetLock } from '../store/dataset-lock.ts';
import { DatasetBusyError, StoreLostError } from '../store/errors.ts';
import { FakeLocks } from '../store/fake-locks.ts';
import { getJob } from '../store/jobs.ts';
import { setupTestDb } from '../store/test-db.test-support.ts';
import { createFakeEve, fakeEveFetch, makeRecords } from './fake-eve.test-support.ts';
import type { JobSpec } from './protocol.ts';
import { PROBE_NETWORK_ATTEMPTS } from './retry.ts';
import { runJob } from './run-job.ts';

const t = setupTestDb();
const spec: JobSpec = {
  datasetKey: 'source=test&modality=T1w',
  query: { modality: 'T1w' },
  apiBase: 'http://127.0.0.1:5174/api/v1',
  modality: 'T1w',
  filter: { 'provenance.software': 'mriqc' },
  mode: 'download',
  concurrency: 4,
};

/** Signals of a run nobody stops, or the controllers to stop it. */
function controls() {
  const pause = new AbortController();
  const cancel = new AbortController();
  return { pause, cancel, signals: { pause: pause.signal, cancel: cancel.signal } };
}

/** A fetch that never answers, until its signal aborts (a stalled server). */
const stalled: FetchFn = (_url, init) =>
  new Promise((_, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
  });

const deps = (fetchFn: FetchFn) => ({
  openDb: async () => t.db(),
  fetchFn,
  sleep: async () => {}, // retry waits pass at once
});

async function storedIds(): Promise<string[]> {
  const chunks = await readColumn(t.db(), spec.datasetKey, '_id');
  return chunks.flatMap((c) => decodeColumn(c) as string[]);
}

describe('runJob (the worker’s start: adapter, store, probe, run)', () => {
  it('downloads through the real API client to exactly the server set', async () => {
    const server = createFakeEve(makeRecords(400, { seed: 5 }));
    const done = await runJob(spec, deps(fakeEveFetch(server)), controls().signals);
    const expected = server.idsMatching(spec.filter);
    expect(done).toMatchObject({ type: 'done', status: 'done', stored: expected.length });
    expect((await storedIds()).sort()).toEqual(expected);
  });

  it('refuses a source that is not http(s) before opening the store or fetching', async () => {
    const fetchFn = vi.fn<FetchFn>();
    const openDb = vi.fn(async () => t.db());
    const run = runJob(
      { ...spec, apiBase: 'data:application/json,{}' },
      { openDb, fetchFn },
      controls().signals,
    );
    await expect(run).rejects.toBeInstanceOf(SchemeError);
    expect(openDb).not.toHaveBeenCalled();
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it.each([
    ['pause', 'paused'],
    ['cancel', 'cancelled'],
  ] as const)(
    '%s during the first (stalled) request ends the job at once: %s',
    async (stop, status) => {
      const c = controls();
      const seen: AbortSignal[] = [];
      const fetchFn: FetchFn = (url, init) => {
        if (init.signal) seen.push(init.signal);
        setTimeout(() => c[stop].abort(), 0);
        return stalled(url, init);
      };
      const done = await runJob(spec, deps(fetchFn), c.signals);
      const nothing = { added: 0, stored: 0, total: null, grew: 0, mended: 0, check: null };
      expect(done).toEqual({ type: 'done', status, ...nothing });
      expect(seen).toHaveLength(1);
      expect(seen[0]?.aborted).toBe(true); // the request itself was aborted, not left to trickle
      expect(await getJob(t.db(), spec.datasetKey)).toBeUndefined();
    },
  );

  it('pauses mid-run at once: the stalled requests are aborted, the pages in hand saved', async () => {
    const server = createFakeEve(makeRecords(600, { seed: 6 }));
    const answer = fakeEveFetch(server);
    const c = controls();
    const stalledSignals: AbortSignal[] = [];
    let calls = 0;
    let inHand = 0;
    const fetchFn: FetchFn = async (url, init) => {
      calls++;
      if (calls <= 2) return answer(url, init); // the two probes
      if (calls <= 4) {
        const response = await answer(url, init); // two pages
        const { _items } = (await response.clone().json()) as { _items: unknown[] };
        inHand += _items.length;
        return response;
      }
      if (init.signal) stalledSignals.push(init.signal);
      if (stalledSignals.length === 2) setTimeout(() => c.pause.abort(), 0);
      return stalled(url, init);
    };
    const done = await runJob(spec, deps(fetchFn), c.signals);
    expect(done).toMatchObject({ status: 'paused', stored: inHand, total: 600 });
    expect(inHand).toBeGreaterThan(0);
    expect(stalledSignals.length).toBeGreaterThanOrEqual(2);
    expect(stalledSignals.every((s) => s.aborted)).toBe(true);
    expect(await getJob(t.db(), spec.datasetKey)).toMatchObject({ status: 'paused' });

    const resumed = await runJob(spec, deps(answer), controls().signals);
    expect(resumed).toMatchObject({ status: 'done', stored: 600 });
    expect((await storedIds()).sort()).toEqual(server.idsMatching(spec.filter));
  });

  it('gives up on an unreachable source after the probe’s few quick attempts', async () => {
    const fetchFn = vi.fn<FetchFn>(() => Promise.reject(new TypeError('Failed to fetch')));
    const run = runJob(spec, deps(fetchFn), controls().signals);
    await expect(run).rejects.toBeInstanceOf(NetworkError);
    expect(fetchFn).toHaveBeenCalledTimes(PROBE_NETWORK_ATTEMPTS);
    expect(await getJob(t.db(), spec.datasetKey)).toBeUndefined();
  });

  it('runs holding the dataset’s lock, and lets it go when the run ends', async () => {
    const server = createFakeEve(makeRecords(200, { seed: 7 }));
    const locks = new FakeLocks();
    const heldDuringFetch: string[][] = [];
    const answer = fakeEveFetch(server);
    const fetchFn: FetchFn = (url, init) => {
      heldDuringFetch.push(locks.heldNames());
      return answer(url, init);
    };
    const lock = (key: string) => holdDatasetLock(locks, key);
    const done = await runJob(spec, { ...deps(fetchFn), lock }, controls().signals);
    expect(done).toMatchObject({ status: 'done', stored: 200 });
    expect(heldDuringFetch.length).toBeGreaterThan(0);
    expect(heldDuringFetch.every((h) => h.includes(datasetLockName(spec.datasetKey)))).toBe(true);
    expect(locks.heldNames()).toEqual([]);
  });

  it('refuses, before opening the store or fetching, a dataset another tab is running', async () => {
    const locks = new FakeLocks();
    const otherTab = await holdDatasetLock(locks, spec.datasetKey);
    const fetchFn = vi.fn<FetchFn>();
    const openDb = vi.fn(async () => t.db());
    const lock = (key: string) => holdDatasetLock(locks, key);
    const run = runJob(spec, { openDb, fetchFn, lock }, controls().signals);
    await expect(run).rejects.toBeInstanceOf(DatasetBusyError);
    expect(openDb).not.toHaveBeenCalled();
    expect(fetchFn).not.toHaveBeenCalled();
    otherTab();
    await vi.waitFor(() => expect(locks.heldNames()).toEqual([]));
    // Once that tab has let go, this one may run it.
    const server = createFakeEve(makeRecords(50, { seed: 8 }));
    await expect(
      runJob(spec, { ...deps(fakeEveFetch(server)), lock }, controls().signals),
    ).resolves.toMatchObject({ status: 'done', stored: 50 });
  });

  it('a write the browser cut off by closing the database says the saved data may be gone', async () => {
    const server = createFakeEve(makeRecords(600, { seed: 9 }));
    const answer = fakeEveFetch(server);
    const db = await t.reopen();
    let calls = 0;
    const fetchFn: FetchFn = async (url, init) => {
      // After the probes, the browser closes the database (as Chromium does after a failed
      // write on a full disk): the next batch cannot be saved.
      if (++calls === 3) forceCloseDatabase(unwrap(db) as never);
      return answer(url, init);
    };
    const run = runJob(spec, { ...deps(fetchFn), openDb: async () => db }, controls().signals);
    await expect(run).rejects.toBeInstanceOf(StoreLostError);
  });
});
