import type { Column } from '../frame/column.ts';
import { readChunks } from '../store/chunks.ts';
import { loadColumn } from '../store/column-reader.ts';
import type { CrowdDatabase } from '../store/db.ts';
import type { CallContext } from '../worker-port/serve-worker.ts';
import { compareIqm } from './compare-iqm.ts';
import type { CrowdRequest, CrowdResult, CrowdStep } from './compare-protocol.ts';
import type { IqmComparison } from './comparison.ts';

/** A crowd column's numbers; a mixed column keeps the cells that are numbers. */
function numbersOf(column: Column): Float64Array | null {
  if (column.kind === 'number') return column.values;
  if (column.kind === 'text') return null;
  return Float64Array.from(column.values, (v) => (typeof v === 'number' ? v : Number.NaN));
}

/**
 * Measures the user's values against the crowd rows, IQM by IQM: a crowd IQM of 1M rows is an
 * 8 MB column to read and sort. Columns are read one at a time and dropped after use, so the
 * comparison never holds every IQM. Each IQM is sent (`emit`) as soon as it is done; a
 * cancelled call stops before the next IQM with an AbortError.
 */
export async function compareCrowd(
  db: CrowdDatabase,
  request: CrowdRequest,
  call: Pick<CallContext<never, CrowdStep>, 'signal' | 'emit'>,
): Promise<CrowdResult> {
  const { datasetKey, rows, iqms, user, tested } = request;
  const chunks = await readChunks(db, datasetKey);
  const stored = chunks.reduce((n, c) => n + c.count, 0);
  let maxRow = -1;
  for (const r of rows) if (r > maxRow) maxRow = r;
  if (maxRow >= stored)
    throw new Error('The saved dataset changed while comparing; open it again.');
  const out: IqmComparison[] = [];
  const skipped: string[] = [];
  // The next column is read while this one is computed: the store's side of a read (disk,
  // copying ~8 MB) runs outside this thread, so reading and sorting overlap.
  const read = (i: number) => {
    const pending = loadColumn(db, datasetKey, iqms[i]!, chunks);
    pending.catch(() => undefined); // a read left behind by a cancelled call is not an error
    return pending;
  };
  let next = iqms.length > 0 ? read(0) : null;
  for (let i = 0; i < iqms.length; i++) {
    call.signal.throwIfAborted();
    const iqm = iqms[i]!;
    const column = await (next as Promise<Column>);
    next = i + 1 < iqms.length ? read(i + 1) : null;
    const values = numbersOf(column);
    const compared = values
      ? compareIqm(iqm, values, rows, user[i]!, tested[i] ?? 'both')
      : undefined;
    if (compared) out.push(compared);
    else skipped.push(iqm);
    void call.emit({ done: i + 1, total: iqms.length, ...(compared ? { iqm: compared } : {}) });
  }
  return { iqms: out, skipped };
}
