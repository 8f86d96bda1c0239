import { readChunks } from '../store/chunks.ts';
import { readColumnChunks } from '../store/column-reader.ts';
import type { CrowdDatabase } from '../store/db.ts';
import type { ByteCells } from './csv-bytes.ts';
import type { ColumnSource } from './export-run.ts';
import type { TextFormat } from './formats.ts';
import { CellGatherer, type LocatedRows, locateRows } from './gather.ts';

/**
 * Chunks of a text column read at once: 8 × 10,000 rows, so one text column never has 1M
 * strings alive. A number column's chunks are typed arrays (no strings): read in one go.
 */
const READ_TEXT_CHUNKS = 8;

/** Runs of consecutive positions, at most `limit` long: [[0, 1], [2, 3], [7, 7]] for [0, 1, 2, 3, 7]. */
function runsOf(positions: readonly number[], limit: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const p of positions) {
    const last = runs.at(-1);
    if (last && last[1] === p - 1 && p - last[0] < limit) last[1] = p;
    else runs.push([p, p]);
  }
  return runs;
}

/**
 * The export's cells, read from the store for the current window's chunks only, a few chunks
 * at a time, and not kept: exporting all ~150 columns of 1M rows never holds them all (a
 * frame's `load` would pin each column for the frame's lifetime). `rowCount` is the frame's:
 * the rows the view means. With `encodeAs`, text comes back as encoded fields (off the heap).
 */
export async function storedColumnSource(
  db: CrowdDatabase,
  datasetKey: string,
  rowCount: number,
  encodeAs?: TextFormat,
  numberColumns: ReadonlySet<string> = new Set(),
): Promise<ColumnSource & { counts: readonly number[] }> {
  const chunks = await readChunks(db, datasetKey);
  // The frame was opened over the chunks stored then; a running download may have added more.
  let kept = 0;
  let rows = 0;
  while (kept < chunks.length && rows < rowCount) rows += chunks[kept++]!.count;
  if (rows !== rowCount) {
    throw new Error(
      'the saved records changed since this table was opened (deleted or rewritten). Reload the page and export again',
    );
  }
  const numbers = chunks.slice(0, kept).map((c) => c.chunk);
  const counts = chunks.slice(0, kept).map((c) => c.count);
  const position = new Map(numbers.map((n, i) => [n, i]));
  let lastRows: Uint32Array | null = null;
  let located: LocatedRows | null = null;

  const read = async (name: string, at: LocatedRows): Promise<ByteCells> => {
    const gatherer = new CellGatherer(at);
    const limit = numberColumns.has(name) ? Number.POSITIVE_INFINITY : READ_TEXT_CHUNKS;
    for (const [from, to] of runsOf(at.touched, limit)) {
      const records = await readColumnChunks(db, datasetKey, name, numbers[from]!, numbers[to]!);
      for (const record of records) {
        const p = position.get(record.chunk);
        if (p !== undefined) gatherer.add(p, record);
      }
    }
    return gatherer.result(encodeAs);
  };

  return {
    counts,
    async cells(name, windowRows) {
      // Every column of a window is asked with the same rows: locate them once.
      if (windowRows !== lastRows || !located) {
        located = locateRows(windowRows, counts);
        lastRows = windowRows;
      }
      return read(name, located);
    },
  };
}
