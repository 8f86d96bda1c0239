import { describe, expect, it } from 'vitest';
import { midpointId, splitIdSpace } from './id-space.ts';
import { addPage, countPages, firstPendingPage, type PageSpans } from './page-spans.ts';
import {
  applyResult,
  createKeysetPlan,
  createPagePlan,
  createRefreshPlan,
  defaultPartitions,
  type IdRange,
  isComplete,
  isMainDone,
  itemsForTask,
  nextTask,
  type PlanState,
  type PlanTask,
  parsePlanState,
  rangeWhere,
  splitBusyRange,
  startTail,
  taskKey,
  taskRequest,
} from './planner.ts';

const id = (n: number) => n.toString(16).padStart(24, '0');
/** A seeded LCG so the property tests are reproducible. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
/** Sorted unique ids with bursts (uploads come in bursts), like the real collections. */
function idList(count: number, seed: number): string[] {
  const random = rng(seed);
  const ids = new Set<number>();
  let t = 1_500_000_000 * 2 ** 20;
  while (ids.size < count) {
    t += random() < 0.1 ? Math.floor(random() * 2 ** 30) : Math.floor(random() * 8) + 1;
    ids.add(t);
  }
  return [...ids].map(id);
}

/** The items an Eve server returns for a task's request over `ids` (sort=_id, page size M). */
function serve(ids: string[], request: ReturnType<typeof taskRequest>, M: number) {
  const cond = ((request.where?.$and as object[] | undefined)?.[1] ?? request.where ?? {}) as {
    _id?: { $gt?: string; $lte?: string };
  };
  const { $gt, $lte } = cond._id ?? {};
  const match = ids.filter(
    (x) => ($gt === undefined || x > $gt) && ($lte === undefined || x <= $lte),
  );
  const from = (request.page - 1) * M;
  return {
    items: match.slice(from, from + M).map((_id) => ({ _id })),
    meta: { page: request.page, maxResults: M, total: match.length },
  };
}

/**
 * Runs a plan to the end against `ids`, `slots` tasks "in flight" at once, completing them in
 * a random order and splitting busy ranges whenever a slot idles. Returns the ids read.
 */
function simulate(
  plan: PlanState,
  ids: string[],
  M: number,
  slots: number,
  seed: number,
  heldBefore = 0,
) {
  const random = rng(seed);
  const read: string[] = [];
  const inFlight: Array<{ task: PlanTask; request: ReturnType<typeof taskRequest> }> = [];
  const busy = () => new Set(inFlight.map((f) => taskKey(f.task)));
  for (let guard = 0; guard < 100_000; guard++) {
    plan = startTail(plan, read.length ? ([...read].sort().at(-1) ?? null) : null);
    while (inFlight.length < slots) {
      let task = nextTask(plan, busy());
      if (!task) {
        plan = splitBusyRange(plan, busy());
        task = nextTask(plan, busy());
      }
      if (!task) break;
      inFlight.push({ task, request: taskRequest(plan, task, null) });
    }
    if (inFlight.length === 0) return { plan, read };
    const [{ task, request }] = inFlight.splice(Math.floor(random() * inFlight.length), 1) as [
      (typeof inFlight)[0],
    ];
    const page = serve(ids, request, M);
    const held = heldBefore + new Set(read).size;
    read.push(...page.items.map((i) => i._id));
    plan = applyResult(plan, task, { ...page, held });
  }
  throw new Error('plan did not finish');
}

describe('page-spans', () => {
  it.each<{ pages: number[]; spans: PageSpans }>([
    { pages: [1, 2, 3], spans: [[1, 3]] },
    { pages: [3, 1, 2], spans: [[1, 3]] },
    {
      pages: [5, 1, 3],
      spans: [
        [1, 1],
        [3, 3],
        [5, 5],
      ],
    },
    { pages: [5, 1, 3, 2, 4, 4], spans: [[1, 5]] },
    {
      pages: [10, 8, 9, 1],
      spans: [
        [1, 1],
        [8, 10],
      ],
    },
  ])('adding $pages gives $spans', ({ pages, spans }) => {
    const got = pages.reduce<PageSpans>((s, p) => addPage(s, p), []);
    expect(got).toEqual(spans);
    expect(countPages(got)).toBe(new Set(pages).size);
  });

  it.each([
    { spans: [], last: 3, busy: [], expected: 1 },
    { spans: [[1, 2]], last: 3, busy: [], expected: 3 },
    { spans: [[1, 2]], last: 3, busy: [3], expected: null },
    { spans: [[2, 3]], last: 5, busy: [1], expected: 4 },
    { spans: [[1, 5]], last: 5, busy: [], expected: null },
    { spans: [], last: 0, busy: [], expected: null },
  ] as Array<{ spans: PageSpans; last: number; busy: number[]; expected: number | null }>)(
    'first pending of $spans up to $last, busy $busy → $expected',
    ({ spans, last, busy, expected }) => {
      expect(firstPendingPage(spans, last, (p) => busy.includes(p))).toBe(expected);
    },
  );
});

describe('id-space', () => {
  it('splits [first, last] into ascending cuts inside it', () => {
    expect(splitIdSpace(id(0), id(16), 4)).toEqual([id(4), id(8), id(12)]);
    expect(splitIdSpace(id(5), id(5), 4)).toEqual([]);
    expect(splitIdSpace(id(0), id(2), 8)).toEqual([id(0), id(1)]);
    expect(midpointId(id(0), id(10))).toBe(id(5));
    expect(midpointId(id(4), id(5))).toBeNull();
  });
});

describe('page plan', () => {
  it('plans ceil(T/M) pages from the server page size and walks them in order', () => {
    const plan = createPagePlan({ total: 101, pageSize: 50 });
    expect(plan.pageCount).toBe(3);
    expect(nextTask(plan, new Set())).toEqual({ type: 'page', page: 1 });
    expect(nextTask(plan, new Set(['p1', 'p2']))).toEqual({ type: 'page', page: 3 });
    expect(taskRequest(plan, { type: 'page', page: 2 }, { a: 1 })).toEqual({
      where: { a: 1 },
      sort: '_id',
      maxResults: 50,
      page: 2,
    });
  });

  it('marks pages done, learns a grown total, then opens the tail above the largest id', () => {
    let plan = createPagePlan({ total: 100, pageSize: 50 });
    const meta = (total: number) => ({ page: 1, maxResults: 50, total });
    plan = applyResult(plan, { type: 'page', page: 2 }, { items: [], meta: meta(100), held: 0 });
    expect(isMainDone(plan)).toBe(false);
    plan = applyResult(plan, { type: 'page', page: 1 }, { items: [], meta: meta(130), held: 0 });
    expect([isMainDone(plan), plan.total, nextTask(plan, new Set())]).toEqual([true, 130, null]);
    plan = startTail(plan, id(99));
    expect(nextTask(plan, new Set())).toEqual({ type: 'tail' });
    expect(taskRequest(plan, { type: 'tail' }, null).where).toEqual({ _id: { $gt: id(99) } });
    expect(isComplete(plan)).toBe(false);
  });

  it('refuses a page whose size differs from the plan (the pages would not line up)', () => {
    const plan = createPagePlan({ total: 100, pageSize: 50 });
    const meta = { page: 1, maxResults: 25, total: 100 };
    expect(() =>
      applyResult(plan, { type: 'page', page: 1 }, { items: [], meta, held: 0 }),
    ).toThrow(/page size changed from 50 to 25/);
  });

  it.each([0, 1, 49, 50, 51, 1234])('reads exactly the server set (%i records)', (count) => {
    const ids = idList(count, count);
    const plan = createPagePlan({ total: count, pageSize: 50 });
    const { plan: end, read } = simulate(plan, ids, 50, 4, 7);
    expect(isComplete(end)).toBe(true);
    expect([...new Set(read)].sort()).toEqual(ids);
  });
});

describe('keyset plan', () => {
  const ids = idList(2000, 1);
  const first = ids[0] as string;
  const last = ids.at(-1) as string;

  it('partitions cover the id space up to the last id without gaps or overlaps', () => {
    const plan = createKeysetPlan({
      total: 2000,
      pageSize: 50,
      firstId: first,
      lastId: last,
      partitions: 8,
    });
    expect(plan.ranges).toHaveLength(8);
    expect(plan.ranges[0]?.lo).toBeNull();
    expect(plan.ranges.at(-1)?.hi).toBe(last);
    plan.ranges.slice(1).forEach((r, i) => {
      expect(r.lo).toBe(plan.ranges[i]?.hi); // contiguous: each lo is the previous hi
      expect(r.lo! < r.hi!).toBe(true);
    });
    const owners = ids.map(
      (x) => plan.ranges.filter((r) => (r.lo === null || x > r.lo) && x <= (r.hi as string)).length,
    );
    expect(owners.every((n) => n === 1)).toBe(true);
  });

  it('builds range requests: filter AND _id in (cursor, hi]', () => {
    const plan = createKeysetPlan({
      total: 10,
      pageSize: 50,
      firstId: id(0),
      lastId: id(100),
      partitions: 2,
    });
    expect(taskRequest(plan, { type: 'range', range: 0 }, { m: 'T1w' })).toEqual({
      where: { $and: [{ m: 'T1w' }, { _id: { $lte: id(50) } }] },
      sort: '_id',
      maxResults: 50,
      page: 1,
    });
    expect(taskRequest(plan, { type: 'range', range: 1 }, null).where).toEqual({
      _id: { $gt: id(50), $lte: id(100) },
    });
  });

  it.each([
    { filter: null, after: null, hi: null, where: null },
    { filter: {}, after: null, hi: null, where: null },
    { filter: { a: 1 }, after: null, hi: null, where: { a: 1 } },
    { filter: null, after: id(1), hi: null, where: { _id: { $gt: id(1) } } },
    {
      filter: { a: 1 },
      after: id(1),
      hi: id(2),
      where: { $and: [{ a: 1 }, { _id: { $gt: id(1), $lte: id(2) } }] },
    },
  ])('rangeWhere($filter, $after, $hi)', ({ filter, after, hi, where }) => {
    expect(rangeWhere(filter, after, hi)).toEqual(where);
  });

  it('ends a range on a short page, or on a page reaching its upper bound', () => {
    const plan = createKeysetPlan({
      total: 10,
      pageSize: 2,
      firstId: id(1),
      lastId: id(9),
      partitions: 1,
    });
    const meta = { page: 1, maxResults: 2, total: 9 };
    const task = { type: 'range', range: 0 } as const;
    const full = applyResult(plan, task, {
      items: [{ _id: id(1) }, { _id: id(2) }],
      meta,
      held: 0,
    });
    expect(full.ranges[0]).toEqual({ lo: null, hi: id(9), cursor: id(2), done: false });
    const short = applyResult(full, task, { items: [{ _id: id(3) }], meta, held: 2 });
    expect(short.ranges[0]?.done).toBe(true);
    const atHi = applyResult(full, task, {
      items: [{ _id: id(8) }, { _id: id(9) }],
      meta,
      held: 2,
    });
    expect(atHi.ranges[0]?.done).toBe(true);
  });

  it('refuses a page that does not advance (a server ignoring the range would loop forever)', () => {
    const plan = createKeysetPlan({
      total: 10,
      pageSize: 2,
      firstId: id(1),
      lastId: id(9),
      partitions: 2,
    });
    const meta = { page: 1, maxResults: 2, total: 9 };
    const stale = { items: [{ _id: id(1) }, { _id: id(2) }], meta, held: 0 };
    expect(() => applyResult(plan, { type: 'range', range: 1 }, stale)).toThrow(/at or below/);
  });

  it('splits the busy range with the most id space left', () => {
    let plan = createKeysetPlan({
      total: 10,
      pageSize: 2,
      firstId: id(0),
      lastId: id(100),
      partitions: 2,
    });
    const busy = new Set(['r0', 'r1']);
    expect(splitBusyRange(plan, busy)).toBe(plan); // no range has read a full page yet
    const meta = { page: 1, maxResults: 2, total: 9 };
    const page = (a: number, b: number) => ({
      items: [{ _id: id(a) }, { _id: id(b) }],
      meta,
      held: 0,
    });
    plan = applyResult(plan, { type: 'range', range: 0 }, page(1, 2));
    plan = applyResult(plan, { type: 'range', range: 1 }, page(60, 70));
    const split = splitBusyRange(plan, busy);
    expect(split.ranges).toEqual<IdRange[]>([
      { lo: null, hi: id(26), cursor: id(2), done: false }, // 48 left: the most
      { lo: id(50), hi: id(100), cursor: id(70), done: false },
      { lo: id(26), hi: id(50), cursor: null, done: false },
    ]);
    expect(splitBusyRange(plan, new Set())).toBe(plan); // only busy ranges are split
    // The busy request of range 0 still had the old bound: what lies above the new one is
    // left to the new range.
    const late = itemsForTask(split, { type: 'range', range: 0 }, [
      { _id: id(20) },
      { _id: id(30) },
    ]);
    expect(late).toEqual([{ _id: id(20) }]);
  });

  it.each([
    { count: 2000, partitions: 8, slots: 4, seed: 1 },
    { count: 2000, partitions: 1, slots: 8, seed: 2 },
    { count: 777, partitions: 3, slots: 2, seed: 3 },
    { count: 50, partitions: 8, slots: 8, seed: 4 },
    { count: 1, partitions: 4, slots: 4, seed: 5 },
  ])('reads exactly the server set: $count ids, $partitions partitions, $slots slots', (c) => {
    const all = idList(c.count, c.seed);
    const plan = createKeysetPlan({
      total: c.count,
      pageSize: 50,
      firstId: all[0] ?? null,
      lastId: all.at(-1) ?? null,
      partitions: c.partitions,
    });
    const { plan: end, read } = simulate(plan, all, 50, c.slots, c.seed);
    expect(isComplete(end)).toBe(true);
    expect([...new Set(read)].sort()).toEqual(all);
    // Splitting re-reads at most one page per split.
    expect(read.length - all.length).toBeLessThanOrEqual(
      50 * Math.max(0, end.ranges.length - c.partitions),
    );
  });

  it('an empty collection plans no ranges and only the tail', () => {
    const plan = createKeysetPlan({
      total: 0,
      pageSize: 50,
      firstId: null,
      lastId: null,
      partitions: 4,
    });
    const { plan: end, read } = simulate(plan, [], 50, 4, 1);
    expect([plan.ranges.length, isComplete(end), read]).toEqual([0, true, []]);
  });

  it.each([
    { total: 0, M: 50, ceiling: 4, expected: 1 },
    { total: 120, M: 50, ceiling: 4, expected: 3 },
    { total: 20_000, M: 50, ceiling: 4, expected: 8 },
    { total: 1_000_000, M: 50, ceiling: 8, expected: 16 },
  ])('defaultPartitions($total, $M, $ceiling) = $expected', ({ total, M, ceiling, expected }) => {
    expect(defaultPartitions(total, M, ceiling)).toBe(expected);
  });
});

describe('refresh plan', () => {
  it('asks only for ids above the largest held and counts what is new', () => {
    const ids = idList(130, 9);
    const plan = createRefreshPlan({ pageSize: 50, maxId: ids[99] as string, stored: 100 });
    expect(taskRequest(plan, { type: 'tail' }, null).where).toEqual({ _id: { $gt: ids[99] } });
    const { plan: end, read } = simulate(plan, ids, 50, 4, 1, 100);
    expect(read).toEqual(ids.slice(100));
    expect([isComplete(end), end.total]).toEqual([true, 130]);
  });
});

describe('resume state', () => {
  it('is small and round-trips through JSON and structured clone', () => {
    const ids = idList(2000, 1);
    let plan = createKeysetPlan({
      total: 2000,
      pageSize: 50,
      firstId: ids[0] as string,
      lastId: ids.at(-1) as string,
      partitions: 16,
    });
    const inRange3 = ids.find((x) => x > (plan.ranges[3]?.lo as string)) as string;
    plan = applyResult(
      plan,
      { type: 'range', range: 3 },
      { items: [{ _id: inRange3 }], meta: { page: 1, maxResults: 50, total: 9 }, held: 0 },
    );
    expect(plan.ranges[3]).toMatchObject({ cursor: inRange3, done: true });
    expect(parsePlanState(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
    expect(parsePlanState(structuredClone(plan))).toEqual(plan);
    expect(JSON.stringify(plan).length).toBeLessThan(2000);
    let pages = createPagePlan({ total: 1_000_000, pageSize: 50 });
    for (let p = 1; p <= 20_000; p++)
      if (p !== 777)
        pages = applyResult(
          pages,
          { type: 'page', page: p },
          { items: [], meta: { page: p, maxResults: 50, total: 1_000_000 }, held: 0 },
        );
    expect(pages.donePages).toEqual([
      [1, 776],
      [778, 20_000],
    ]);
    expect(parsePlanState(JSON.parse(JSON.stringify(pages)))).toEqual(pages);
  });

  it.each([
    null,
    {},
    { ...createPagePlan({ total: 1, pageSize: 50 }), v: 2 },
    { ...createPagePlan({ total: 1, pageSize: 50 }), pageSize: 0 },
    { ...createPagePlan({ total: 1, pageSize: 50 }), donePages: [[3, 1]] },
    {
      ...createKeysetPlan({ total: 1, pageSize: 50, firstId: id(1), lastId: id(2), partitions: 1 }),
      ranges: [{ lo: 'x', hi: null, cursor: null, done: false }],
    },
  ])('rejects %j', (value) => {
    expect(parsePlanState(value)).toBeNull();
  });
});
