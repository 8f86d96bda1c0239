import type { ServerAnomalies } from '../store/datasets.ts';
import { createConcurrency } from './concurrency.ts';
import { addAnomalies, hasAnomalies, screenPage } from './page-checks.ts';
import type { Filter } from './page-request.ts';
import { fetchPageWithRetry, type PageTaskOptions } from './page-task.ts';
import {
  createKeysetPlan,
  createPagePlan,
  createRefreshPlan,
  defaultPartitions,
  type PlanState,
  rangeWhere,
} from './planner.ts';

/** What the first requests of a download tell: size, page size, id bounds. */
export interface ProbeResult {
  total: number;
  /** The server's page size, from `_meta.max_results`: NOT the size asked for. */
  pageSize: number;
  firstId: string | null;
  lastId: string | null;
  /** What the two answers got wrong (a total with no records, an impossible count). */
  anomalies: ServerAnomalies;
}

/** Asks for more than Eve's limit of 50 on purpose: the answer's `_meta` says what we got. */
export const REQUESTED_PAGE_SIZE = 500;

/**
 * Page 1 in `_id` order (total, page size, first id), then `sort=-_id&max_results=1` (last id).
 *
 * @example
 * await probeQuery(filter, options) // { total: 20000, pageSize: 50, firstId: '59cf…', lastId: '66a0…' }
 */
export async function probeQuery(filter: Filter | null, o: PageTaskOptions): Promise<ProbeResult> {
  const first = await fetchPageWithRetry(
    { where: filter, sort: '_id', maxResults: REQUESTED_PAGE_SIZE, page: 1 },
    o,
  );
  const pageSize = first.meta.maxResults;
  const screened = screenPage(first.items, first.meta, { from: null, hi: null });
  // An unbelievable count drives nothing: the plan then sizes itself by what it reads.
  const total = screened.total ?? 0;
  const firstId = screened.items[0]?._id ?? null;
  if (firstId === null) {
    return { total, pageSize, firstId, lastId: null, anomalies: screened.anomalies };
  }
  const last = await fetchPageWithRetry({ where: filter, sort: '-_id', maxResults: 1, page: 1 }, o);
  const lastScreened = screenPage(last.items, last.meta, { from: null, hi: null });
  const anomalies = addAnomalies(screened.anomalies, lastScreened.anomalies);
  return { total, pageSize, firstId, lastId: last.items[0]?._id ?? null, anomalies };
}

export interface PlanOptions {
  strategy: 'keyset' | 'pages';
  /** Concurrency ceiling, to size the initial keyset partitions. */
  concurrency?: number;
  partitions?: number;
}

/**
 * A new download plan for `filter`, from the probe's answers.
 *
 * @example
 * const plan = await planDownload(filter, { strategy: 'keyset' }, taskOptions);
 */
export async function planDownload(
  filter: Filter | null,
  p: PlanOptions,
  o: PageTaskOptions,
): Promise<PlanState> {
  const probe = await probeQuery(filter, o);
  const anomalies = hasAnomalies(probe.anomalies) ? { anomalies: probe.anomalies } : {};
  if (p.strategy === 'pages') return { ...createPagePlan(probe), ...anomalies };
  const ceiling = createConcurrency({ initial: p.concurrency }).ceiling;
  const partitions = p.partitions ?? defaultPartitions(probe.total, probe.pageSize, ceiling);
  return { ...createKeysetPlan({ ...probe, partitions }), ...anomalies };
}

/**
 * A refresh plan: only `_id` above the largest held. Its first page, asked for here, tells the
 * server's page size (the page itself is fetched again by the run, which stores it).
 */
export async function planRefresh(
  filter: Filter | null,
  held: { maxId: string | null; stored: number },
  o: PageTaskOptions,
): Promise<PlanState> {
  const where = rangeWhere(filter, held.maxId, null);
  const page = { where, sort: '_id', maxResults: REQUESTED_PAGE_SIZE, page: 1 } as const;
  const { meta } = await fetchPageWithRetry(page, o);
  return createRefreshPlan({ pageSize: meta.maxResults, ...held });
}
