import type { Completeness, ServerAnomalies } from '../store/datasets.ts';
import { type AskedBounds, addAnomalies, hasAnomalies, screenPage } from './page-checks.ts';
import type { Filter } from './page-request.ts';
import { fetchPageWithRetry, type PageTaskOptions } from './page-task.ts';
import { rangeWhere } from './planner.ts';

/**
 * A download is complete only when the server agrees: the count of records matching the query
 * with `_id` up to the largest id held (uploads arriving meanwhile have larger ids, so they
 * don't count against it) must equal the count the store holds.
 */

export interface ServerCount {
  /** The server's count, or null when its answer contradicted itself (see anomalies). */
  count: number | null;
  anomalies: ServerAnomalies;
}

/**
 * One `max_results=1` request: how many records match `filter` with `_id` in (after, hi].
 *
 * @example
 * await countRange(filter, null, maxIdHeld, taskOptions) // { count: 30000, anomalies: NO_ANOMALIES }
 */
export async function countRange(
  filter: Filter | null,
  after: string | null,
  hi: string | null,
  o: PageTaskOptions,
): Promise<ServerCount> {
  const where = rangeWhere(filter, after, hi);
  const page = await fetchPageWithRetry({ where, sort: '_id', maxResults: 1, page: 1 }, o);
  const asked: AskedBounds = { from: after, hi };
  const { total, anomalies } = screenPage(page.items, page.meta, asked);
  return { count: total, anomalies };
}

/**
 * The verdict on a finished run: anything the server got wrong during it makes every count
 * suspect, so the dataset is then never called complete.
 *
 * @example
 * judgeCompleteness(18663, { count: 30000, anomalies: NO_ANOMALIES }) // { type: 'missing', count: 30000, missing: 11337 }
 */
export function judgeCompleteness(
  stored: number,
  server: ServerCount,
  runAnomalies?: ServerAnomalies,
): Completeness {
  const anomalies = addAnomalies(runAnomalies, server.anomalies);
  if (hasAnomalies(anomalies) || server.count === null) return { type: 'inconsistent', anomalies };
  const count = server.count;
  if (count === stored) return { type: 'verified', count };
  if (count > stored) return { type: 'missing', count, missing: count - stored };
  return { type: 'surplus', count, extra: stored - count };
}

/** The total a verdict stands for: the server's count when it can be believed, else what is held. */
export function verdictTotal(check: Completeness, stored: number, planned: number): number {
  if (check.type === 'inconsistent') return stored;
  if (check.type === 'unchecked') return Math.max(planned, stored);
  return check.count;
}
