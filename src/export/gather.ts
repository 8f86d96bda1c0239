import type { Column } from '../frame/column.ts';
import type { Frame } from '../frame/frame.ts';
import { hexAt, httpDateText, isMissingRow } from '../frame/packed-strings.ts';
import { type ByteCells, encodeCells } from './csv-bytes.ts';
import type { BlockCells } from './csv-rows.ts';
import type { ColumnSource, ValueTally } from './export-run.ts';
import type { TextFormat } from './formats.ts';

/**
 * Cells of a block of rows, in output order, gathered from wherever the column is: a whole
 * frame column in memory, or the stored chunks the block's rows fall in. Export gathers a
 * window of rows at a time, so a 1M-row, 150-column export never holds every column at once.
 */

/**
 * One column of one stored chunk, as the store keeps it (the shape of the store's
 * `EncodedColumn`): numbers (NaN = missing), dictionary codes (0 = missing, k = `dict[k - 1]`),
 * packed digests or dates (see frame/packed-strings.ts) or raw values (`undefined` = missing).
 */
export type ChunkCells =
  | { readonly kind: 'number'; readonly values: Float64Array }
  | { readonly kind: 'dict'; readonly dict: readonly unknown[]; readonly codes: ArrayLike<number> }
  | {
      readonly kind: 'hex';
      readonly width: number;
      readonly bytes: Uint8Array;
      readonly missing: Uint32Array;
    }
  | { readonly kind: 'http-date'; readonly ms: Float64Array }
  | { readonly kind: 'raw'; readonly values: readonly unknown[] };

/**
 * The cells of frame rows `rows` of a whole column.
 *
 * @example
 * gatherFromColumn(fromDecoded([5, 6, 7]), Uint32Array.of(2, 0)) // Float64Array [7, 5]
 */
export function gatherFromColumn(column: Column, rows: ArrayLike<number>): BlockCells {
  const n = rows.length;
  switch (column.kind) {
    case 'number': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = column.values[rows[i] as number] as number;
      return out;
    }
    case 'text': {
      const out: unknown[] = new Array(n);
      const values = column.rows;
      if (values) {
        // A lazily coded column: its row values serve as they are, without coding 1M values.
        for (let i = 0; i < n; i++) out[i] = values.at(rows[i] as number);
        return out;
      }
      for (let i = 0; i < n; i++) {
        const code = column.codes[rows[i] as number] as number;
        out[i] = code === 0 ? undefined : column.dict[code - 1];
      }
      return out;
    }
    case 'raw': {
      const out: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = column.values[rows[i] as number];
      return out;
    }
  }
}

/** Where each row of a block is stored: chunk (position in the dataset's chunk list) and offset. */
export interface LocatedRows {
  readonly chunk: Uint32Array;
  readonly offset: Uint32Array;
  /** Chunk positions holding at least one of the rows, ascending. */
  readonly touched: readonly number[];
  /** The block's row indices grouped by chunk: chunk c's are `byChunk[chunkStart[c]..chunkStart[c + 1]]`. */
  readonly byChunk: Uint32Array;
  readonly chunkStart: Uint32Array;
}

/**
 * Locates frame rows in the stored chunks, given each chunk's row count in stored order (the
 * frame's rows are the chunks concatenated).
 *
 * @example
 * locateRows(Uint32Array.of(4, 0), [3, 3]) // chunk [1, 0], offset [1, 0], touched [0, 1]
 */
export function locateRows(rows: ArrayLike<number>, chunkCounts: readonly number[]): LocatedRows {
  const chunks = chunkCounts.length;
  const starts = new Float64Array(chunks + 1);
  for (let c = 0; c < chunks; c++)
    starts[c + 1] = (starts[c] as number) + (chunkCounts[c] as number);
  const total = starts[chunks] as number;
  const chunk = new Uint32Array(rows.length);
  const offset = new Uint32Array(rows.length);
  const chunkStart = new Uint32Array(chunks + 1);
  let last = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    if (row >= total) throw new RangeError(`row ${row} is beyond the ${total} stored rows`);
    // Views in stored order hit the previous row's chunk again: check it before searching.
    let c = last;
    if (!(row >= (starts[c] as number) && row < (starts[c + 1] as number))) {
      let lo = 0;
      let hi = chunks - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] as number) <= row) lo = mid;
        else hi = mid - 1;
      }
      c = lo;
    }
    last = c;
    chunk[i] = c;
    offset[i] = row - (starts[c] as number);
    chunkStart[c + 1]!++;
  }
  const touched: number[] = [];
  for (let c = 0; c < chunks; c++) {
    if (chunkStart[c + 1]! > 0) touched.push(c);
    chunkStart[c + 1]! += chunkStart[c]!;
  }
  // Counting sort by chunk, stable: each chunk's rows in block order.
  const byChunk = new Uint32Array(rows.length);
  const next = chunkStart.slice(0, chunks);
  for (let i = 0; i < rows.length; i++) byChunk[next[chunk[i]!]!++] = i;
  return { chunk, offset, touched, byChunk, chunkStart };
}

/**
 * One column's cells for a block, filled chunk by chunk in any order, so a reader can hand over
 * a few chunks at a time and drop them (a whole 1M-row text column read at once is ~100 MB of
 * strings). Numbers stay in a Float64Array until a chunk holds anything else.
 *
 * @example
 * const g = new CellGatherer(locateRows(Uint32Array.of(1, 0), [2]));
 * g.add(0, { kind: 'raw', values: ['a', 'b'] });
 * g.result() // ['b', 'a']
 */
export class CellGatherer {
  private numbers: Float64Array | null;
  private values: unknown[] | null = null;

  constructor(private readonly at: LocatedRows) {
    this.numbers = new Float64Array(at.chunk.length).fill(Number.NaN);
  }

  /** Chunk position `position`'s cells (a chunk never added is missing for its rows). */
  add(position: number, cells: ChunkCells): void {
    const { byChunk, chunkStart, offset } = this.at;
    const from = chunkStart[position] as number;
    const to = chunkStart[position + 1] as number;
    if (cells.kind === 'number' && this.numbers) {
      const out = this.numbers;
      for (let k = from; k < to; k++) {
        const i = byChunk[k] as number;
        out[i] = cells.values[offset[i] as number] as number;
      }
      return;
    }
    const out = this.generic();
    for (let k = from; k < to; k++) {
      const i = byChunk[k] as number;
      out[i] = valueIn(cells, offset[i] as number);
    }
  }

  private generic(): unknown[] {
    if (this.values) return this.values;
    const numbers = this.numbers as Float64Array;
    const values: unknown[] = new Array(numbers.length);
    for (let i = 0; i < numbers.length; i++) {
      const v = numbers[i] as number;
      values[i] = Number.isNaN(v) ? undefined : v;
    }
    this.numbers = null;
    this.values = values;
    return values;
  }

  /** The cells in block order; with `encodeAs`, anything but numbers as encoded fields. */
  result(encodeAs?: TextFormat): ByteCells {
    if (this.numbers) return this.numbers;
    const values = this.values as unknown[];
    return encodeAs ? encodeCells(values, encodeAs) : values;
  }
}

function valueIn(cells: ChunkCells, at: number): unknown {
  switch (cells.kind) {
    case 'number': {
      const value = cells.values[at] as number;
      return Number.isNaN(value) ? undefined : value;
    }
    case 'dict': {
      const code = cells.codes[at] as number;
      return code === 0 ? undefined : cells.dict[code - 1];
    }
    case 'hex':
      return isMissingRow(cells.missing, at) ? undefined : hexAt(cells.bytes, cells.width, at);
    case 'http-date': {
      const ms = cells.ms[at] as number;
      return Number.isNaN(ms) ? undefined : httpDateText(ms);
    }
    case 'raw':
      return cells.values[at];
  }
}

/**
 * Counts chunk position `position`'s cells at the located rows by kind, without making their
 * values: a digest or a date is text whatever it holds, so no string is built for it.
 *
 * @example
 * const at = locateRows(Uint32Array.of(1), [2]);
 * tallyChunk(at, 0, { kind: 'raw', values: ['a', 2] }, tally) // tally.addValue(2)
 */
export function tallyChunk(
  at: LocatedRows,
  position: number,
  cells: ChunkCells,
  tally: ValueTally,
): void {
  const { byChunk, chunkStart, offset } = at;
  const from = chunkStart[position] as number;
  const to = chunkStart[position + 1] as number;
  for (let k = from; k < to; k++) {
    const o = offset[byChunk[k] as number] as number;
    switch (cells.kind) {
      case 'number':
        tally.addNumber(cells.values[o] as number);
        break;
      case 'dict': {
        const code = cells.codes[o] as number;
        if (code !== 0) tally.addValue(cells.dict[code - 1]);
        break;
      }
      case 'hex':
        if (!isMissingRow(cells.missing, o)) tally.addValue('');
        break;
      case 'http-date':
        if (!Number.isNaN(cells.ms[o] as number)) tally.addValue('');
        break;
      case 'raw':
        tally.addValue(cells.values[o]);
    }
  }
}

/**
 * The cells of located rows of one column, from that column's chunks (`byChunk[c]` = chunk
 * position c's cells; absent = the chunk's records lack the field: missing).
 *
 * @example
 * const at = locateRows(Uint32Array.of(1, 2), [2, 1]);
 * gatherFromChunks(at, [{ kind: 'raw', values: ['a', 'b'] }]) // ['b', undefined]
 */
export function gatherFromChunks(
  at: LocatedRows,
  byChunk: readonly (ChunkCells | undefined)[],
): BlockCells {
  const gatherer = new CellGatherer(at);
  for (const c of at.touched) {
    const cells = byChunk[c];
    if (cells) gatherer.add(c, cells);
  }
  return gatherer.result() as BlockCells;
}

/**
 * A source over a frame's columns (loaded and cached by the frame): right for a few columns;
 * the app reads the rest from the store a window at a time instead.
 *
 * @example
 * await frameColumnSource(frame).cells('snr', Uint32Array.of(0)) // Float64Array [snr of row 0]
 */
export function frameColumnSource(frame: Pick<Frame, 'load'>): ColumnSource {
  return { cells: async (name, rows) => gatherFromColumn(await frame.load(name), rows) };
}

/** Cells per window for a view that jumps across the stored chunks (see windowCellsFor). */
export const SCATTERED_WINDOW_CELLS = 32_000_000;

/**
 * Cells per window for a view. A view in stored order (unsorted) reads each chunk about once
 * whatever the window, so the default small window keeps memory low. A view that jumps across
 * the chunks (sorted by an IQM) reads every chunk once per window: it gets a window 4× larger,
 * i.e. 4× fewer passes over the store, at the price of more (mostly off-heap) memory.
 *
 * @example
 * windowCellsFor(Uint32Array.from({ length: 100 }, (_, i) => i), [50, 50], 10, 200) // 200: in order
 */
export function windowCellsFor(
  rows: Uint32Array,
  chunkCounts: readonly number[],
  columns: number,
  windowCells: number,
  scatteredCells = SCATTERED_WINDOW_CELLS,
): number {
  const windowRows = Math.max(1, Math.floor(windowCells / Math.max(1, columns)));
  if (rows.length <= windowRows || chunkCounts.length === 0) return windowCells;
  const perChunk = chunkCounts.reduce((a, b) => a + b, 0) / chunkCounts.length;
  // The middle window: the first may be a stored-order prefix by chance.
  const from = Math.floor((rows.length - windowRows) / 2);
  const touched = locateRows(rows.subarray(from, from + windowRows), chunkCounts).touched.length;
  const inOrder = Math.ceil(windowRows / perChunk) + 1;
  return touched > 4 * inOrder ? Math.max(windowCells, scatteredCells) : windowCells;
}
