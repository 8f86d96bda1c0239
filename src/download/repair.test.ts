import { describe, expect, it } from 'vitest';
import { createFakeEve, makeRecords } from './fake-eve.test-support.ts';
import type { PageTaskOptions } from './page-task.ts';
import { findDifferingRanges } from './repair.ts';

function setup(count: number, seed: number) {
  const server = createFakeEve(makeRecords(count, { seed }));
  const all = server.idsMatching(null);
  const task: PageTaskOptions = {
    fetchPage: server.fetchPage,
    signal: new AbortController().signal,
    sleep: async () => {},
    retry: {},
  };
  return { server, all, task };
}

/** Ids in the ranges, as a fetch of each range would read them. */
function covered(
  all: readonly string[],
  ranges: Awaited<ReturnType<typeof findDifferingRanges>>['ranges'],
) {
  return all.filter((id) =>
    ranges.some((r) => (r.lo === null || id > r.lo) && (r.hi === null || id <= r.hi)),
  );
}

describe('findDifferingRanges', () => {
  // The most records read again: clustered losses cost a little more than what was lost;
  // losses spread over every range cost the whole set.
  it.each([
    { name: 'one record', lost: (i: number) => i === 1234, reread: 200 },
    { name: 'a run of 700', lost: (i: number) => i >= 2000 && i < 2700, reread: 1000 },
    { name: 'ten clusters of 40', lost: (i: number) => i % 500 < 40, reread: 1200 },
    { name: 'every 7th record', lost: (i: number) => i % 7 === 0, reread: 5000 },
  ])(
    'finds every lost record ($name), reading few held ones again',
    async ({ lost, reread: most }) => {
      const { all, task, server } = setup(5000, 1);
      const held = all.filter((_, i) => !lost(i) || i === all.length - 1);
      const heldSet = new Set(held);
      const missing = all.filter((id) => !heldSet.has(id));
      const before = server.calls.length;
      const repair = await findDifferingRanges({
        filter: null,
        heldIds: held,
        serverCount: all.length,
        pageSize: 50,
        task,
      });
      const reread = covered(all, repair.ranges);
      const rereadSet = new Set(reread);
      expect(missing.every((id) => rereadSet.has(id))).toBe(true);
      expect(repair.counts).toBe(server.calls.length - before);
      expect(reread.length).toBeLessThanOrEqual(most);
      // Ranges are disjoint and in order, so the run reads each record once.
      for (const [i, r] of repair.ranges.entries()) {
        const prev = repair.ranges[i - 1];
        if (prev) expect((r.lo ?? '') >= (prev.hi ?? '')).toBe(true);
      }
    },
  );

  it('reads nothing again when the counts agree, and everything when nothing is held', async () => {
    const { all, task } = setup(300, 2);
    const same = await findDifferingRanges({
      filter: null,
      heldIds: all,
      serverCount: all.length,
      pageSize: 50,
      task,
    });
    expect(same).toMatchObject({ ranges: [], counts: 0 });
    const none = await findDifferingRanges({
      filter: null,
      heldIds: [],
      serverCount: all.length,
      pageSize: 50,
      task,
    });
    expect(none.ranges).toEqual([{ lo: null, hi: null, cursor: null, done: false }]);
  });

  it('fetches nothing for a range where the server lost records the store still holds', async () => {
    const { all, task } = setup(3000, 3);
    // The store holds 3000, the server counts 2990: removed upstream; nothing to fetch.
    const repair = await findDifferingRanges({
      filter: null,
      heldIds: all,
      serverCount: all.length - 10,
      pageSize: 50,
      task,
    });
    expect(repair.ranges.length).toBeLessThanOrEqual(1);
  });
});
