import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../store/jobs.ts';
import { newJob } from './download-engine.ts';
import { createFakeEve, makeRecords } from './fake-eve.test-support.ts';
import { createPagePlan } from './planner.ts';
import { prepareJob } from './prepare-job.ts';
import type { JobSpec } from './protocol.ts';

const server = createFakeEve(makeRecords(120, { seed: 1 }));
const ids = server.idsMatching(null);
const task = {
  fetchPage: server.fetchPage,
  signal: new AbortController().signal,
  sleep: async () => {},
  retry: {},
};
const spec: JobSpec = {
  datasetKey: 'k',
  query: {},
  apiBase: 'x',
  modality: 'T1w',
  filter: null,
  mode: 'download',
};
const saved = (
  status: JobRecord['status'],
  mode: JobRecord['mode'] = 'download',
  plan: unknown = createPagePlan({ total: 120, pageSize: 50 }),
) =>
  ({
    ...newJob('k', mode, createPagePlan({ total: 120, pageSize: 50 }), 1),
    status,
    plan,
  }) as JobRecord;
const held = { stored: 0, maxId: null };

describe('prepareJob', () => {
  it.each(['running', 'paused', 'failed'] as const)(
    'resumes a stored %s download',
    async (status) => {
      const stored = saved(status);
      const job = await prepareJob({ spec, stored, held, task, now: 5 });
      expect(job).toEqual(stored);
    },
  );

  it('resumes an unfinished job whichever button asked (a Refresh finishes a paused download)', async () => {
    const download = saved('paused', 'download');
    const refresh = { ...spec, mode: 'refresh' as const };
    expect(await prepareJob({ spec: refresh, stored: download, held, task, now: 5 })).toEqual(
      download,
    );
    const paused = saved('paused', 'refresh');
    expect(await prepareJob({ spec, stored: paused, held, task, now: 5 })).toEqual(paused);
  });

  it.each([
    { name: 'no stored job', stored: undefined },
    { name: 'a finished job', stored: saved('done') },
    { name: 'a cancelled job', stored: saved('cancelled') },
    { name: 'an unreadable plan', stored: saved('paused', 'download', { v: 99 }) },
  ])('plans a new keyset download with $name', async ({ stored }) => {
    const job = await prepareJob({ spec, stored, held, task, now: 5 });
    expect(job).toMatchObject({
      status: 'running',
      mode: 'download',
      startedAt: 5,
      pagesFetched: 0,
    });
    expect(job.plan).toMatchObject({ kind: 'keyset', pageSize: 50, total: 120 });
    expect(job.plan.ranges.at(-1)?.hi).toBe(ids.at(-1));
  });

  it('plans pages when asked', async () => {
    const job = await prepareJob({
      spec: { ...spec, strategy: 'pages' },
      stored: undefined,
      held,
      task,
      now: 5,
    });
    expect(job.plan).toMatchObject({ kind: 'pages', pageCount: 3 });
  });

  it('with every record held, plans only what is new, whichever button asked', async () => {
    for (const mode of ['download', 'refresh'] as const) {
      const calls = server.calls.length;
      const job = await prepareJob({
        spec: { ...spec, mode },
        stored: saved('done'),
        held: { stored: ids.length, maxId: ids.at(-1) as string },
        heldIds: () => Promise.reject(new Error('not needed when the counts agree')),
        task,
        now: 5,
      });
      expect(job).toMatchObject({ mode, plan: { ranges: [], tail: { lo: ids.at(-1), hi: null } } });
      expect(job.plan.total).toBe(ids.length);
      expect(server.calls.length - calls).toBe(2); // one count, one page for the page size
    }
  });

  it('with records lost from the store, plans their ranges again, then what is new', async () => {
    const kept = ids.filter((_, i) => i < 20 || i >= 30); // ids[20..29] lost
    const job = await prepareJob({
      spec,
      stored: saved('done'),
      held: { stored: kept.length, maxId: kept.at(-1) as string },
      heldIds: async () => kept,
      task,
      now: 5,
    });
    expect(job.plan.total).toBe(ids.length);
    expect(job.plan.tail).toMatchObject({ lo: ids.at(-1), hi: null });
    const lost = ids.slice(20, 30);
    const covered = (id: string) =>
      job.plan.ranges.some((r) => (r.lo === null || id > r.lo) && r.hi !== null && id <= r.hi);
    expect(lost.every(covered)).toBe(true);
  });

  it('plans a refresh above the largest id held', async () => {
    const job = await prepareJob({
      spec: { ...spec, mode: 'refresh' },
      stored: saved('done'),
      held: { stored: 100, maxId: ids[99] as string },
      task,
      now: 5,
    });
    expect(job).toMatchObject({
      mode: 'refresh',
      plan: { tail: { lo: ids[99], hi: null }, pageSize: 50 },
    });
  });
});
