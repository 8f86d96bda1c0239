import { readChunks } from '../store/chunks.ts';
import { readColumnChunks } from '../store/column-reader.ts';
import type { CrowdDatabase } from '../store/db.ts';
import type { ColumnSource } from './export-run.ts';
import type { TextFormat } from './formats.ts';
import {
  CellGatherer,
  type ChunkCells,
  type LocatedRows,
  locateRows,
  tallyChunk,
} from './gather.ts';

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

  /** Hands each stored chunk of `name` holding some of the rows to `use`, a few at a time. */
  const eachChunk = async (
    name: string,
    at: LocatedRows,
    use: (position: number, cells: ChunkCells) => void,
  ) => {
    const limit = numberColumns.has(name) ? Number.POSITIVE_INFINITY : READ_TEXT_CHUNKS;
    for (const [from, to] of runsOf(at.touched, limit)) {
      const records = await readColumnChunks(db, datasetKey, name, numbers[from]!, numbers[to]!);
      for (const record of records) {
        const p = position.get(record.chunk);
        if (p !== undefined) use(p, record);
      }
    }
  };
  // Every column of a window is asked with the same rows: locate them once.
  const locate = (windowRows: Uint32Array): LocatedRows => {
    if (windowRows !== lastRows || !located) {
      located = locateRows(windowRows, counts);
      lastRows = windowRows;
    }
    return located;
  };

  return {
    counts,
    async cells(name, windowRows) {
      const at = locate(windowRows);
      const gatherer = new CellGatherer(at);
      await eachChunk(name, at, (p, cells) => gatherer.add(p, cells));
      return gatherer.result(encodeAs);
    },
    async tally(name, windowRows, into) {
      const at = locate(windowRows);
      await eachChunk(name, at, (p, cells) => tallyChunk(at, p, cells, into));
    },
  };
}
