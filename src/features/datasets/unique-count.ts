import { dedupFromIndex, dedupRows } from '../../frame/dedup.ts';
import { MD5SUM } from '../../frame/view.ts';
import { readChunks } from '../../store/chunks.ts';
import { loadColumn } from '../../store/column-reader.ts';
import { sharedDb } from '../../store/connection.ts';
import { getDataset } from '../../store/datasets.ts';
import { readDedupIndex } from '../../store/stored-dedup.ts';

/**
 * Unique records of a stored dataset, as the table's unique view counts them (one per
 * provenance.md5sum, plus every record without one). Reads the stored dedup index, else the
 * md5sum column; one dataset at a time, so a list of several 1M-record datasets never holds two
 * columns at once.
 */
let queue: Promise<unknown> = Promise.resolve();

export function countUnique(datasetKey: string): Promise<number> {
  const run = queue.then(async () => {
    const db = await sharedDb();
    const [dataset, chunks] = await Promise.all([
      getDataset(db, datasetKey),
      readChunks(db, datasetKey),
    ]);
    const rowCount = chunks.reduce((n, c) => n + c.count, 0);
    if (rowCount === 0) return 0;
    // No record with an md5sum: each one is unique (as the table's dedup counts them).
    if (!dataset?.columns.some((c) => c.name === MD5SUM)) return rowCount;
    // A compacted dataset has its dedup stored: no digests to read.
    const stored = await readDedupIndex(db, datasetKey, chunks);
    const fromIndex = stored && dedupFromIndex(stored, 'first');
    if (fromIndex && fromIndex.summary.total === rowCount) return fromIndex.summary.unique;
    const md5sum = await loadColumn(db, datasetKey, MD5SUM, chunks);
    return dedupRows({ rowCount, md5sum }, { key: 'md5sum', keep: 'first' }).summary.unique;
  });
  queue = run.catch(() => undefined);
  return run;
}
