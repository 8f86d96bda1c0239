import { compareIqm } from '../../compare/compare-iqm.ts';
import type { IqmComparison } from '../../compare/comparison.ts';
import { MAX_GROUP_FILE_BYTES, tooLargeMessage } from '../../compare/file-limits.ts';
import { parseGroupFile } from '../../compare/parse-group-file.ts';
import type { Column } from '../../frame/column.ts';
import { readChunks } from '../../store/chunks.ts';
import { loadColumn } from '../../store/column-reader.ts';
import { type CrowdDatabase, openCrowdDb } from '../../store/db.ts';
import type { FromCompareWorker, ToCompareWorker } from './compare-protocol.ts';

/**
 * Parses the user's file and measures it against the crowd off the main thread: a crowd IQM
 * of 1M rows is an 8 MB column to read and sort, ~60 times over. Columns are read here, one at
 * a time, and dropped after use, so the page's frame doesn't end up holding every IQM.
 */
const post = (message: FromCompareWorker, transfer: Transferable[] = []) =>
  self.postMessage(message, { transfer });
let latestCrowd = 0;
let db: Promise<CrowdDatabase> | null = null;

self.onmessage = ({ data }: MessageEvent<ToCompareWorker>) => {
  const run = data.type === 'parse' ? parse(data) : crowd(data);
  run.catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    post({ type: 'failed', id: data.id, message });
  });
};

async function parse({ id, file }: Extract<ToCompareWorker, { type: 'parse' }>) {
  // Checked before reading: a 2 GB file is never read into memory.
  if (file.size > MAX_GROUP_FILE_BYTES) {
    const message = tooLargeMessage(file.size);
    post({ type: 'parsed', id, result: { type: 'error', code: 'too-large', message } });
    return;
  }
  const result = parseGroupFile(await file.text());
  post(
    { type: 'parsed', id, result },
    result.type === 'ok' ? result.values.map((v) => v.buffer) : [],
  );
}

/** A crowd column's numbers; a mixed column keeps the cells that are numbers. */
function numbersOf(column: Column): Float64Array | null {
  if (column.kind === 'number') return column.values;
  if (column.kind === 'text') return null;
  return Float64Array.from(column.values, (v) => (typeof v === 'number' ? v : Number.NaN));
}

async function crowd(request: Extract<ToCompareWorker, { type: 'crowd' }>) {
  const { id, datasetKey, rows, iqms, user } = request;
  latestCrowd = id;
  db ??= openCrowdDb();
  const conn = await db;
  const chunks = await readChunks(conn, datasetKey);
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
    const pending = loadColumn(conn, datasetKey, iqms[i]!, chunks);
    pending.catch(() => undefined); // a read left behind by a superseded run is not an error
    return pending;
  };
  let next = iqms.length > 0 ? read(0) : null;
  for (let i = 0; i < iqms.length; i++) {
    if (latestCrowd !== id) return; // superseded: the reply would be thrown away
    const iqm = iqms[i]!;
    const column = await (next as Promise<Column>);
    next = i + 1 < iqms.length ? read(i + 1) : null;
    const values = numbersOf(column);
    const compared = values ? compareIqm(iqm, values, rows, user[i]!) : undefined;
    if (compared) out.push(compared);
    else skipped.push(iqm);
    // Each IQM travels as soon as it is done: at 1M crowd rows the whole file takes seconds,
    // and the first IQMs are worth showing meanwhile.
    post({
      type: 'progress',
      id,
      done: i + 1,
      total: iqms.length,
      ...(compared ? { iqm: compared } : {}),
    });
  }
  post({ type: 'compared', id, iqms: out, skipped });
}
