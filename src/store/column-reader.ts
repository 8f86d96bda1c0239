import { type Column, fromDecodedChunks } from '../frame/column.ts';
import type { FrameColumnInfo } from '../frame/frame.ts';
import { Frame } from '../frame/frame.ts';
import { type ChunkRecord, readChunks, readColumn } from './chunks.ts';
import { decodeColumn } from './column-codec.ts';
import { getDataset } from './datasets.ts';
import type { CrowdDatabase } from './db.ts';

/**
 * One column of a stored dataset as a frame column: one key-range read, chunks in order, and
 * rows of chunks that never had the field (older records, other versions) filled as missing.
 */
export async function loadColumn(
  db: CrowdDatabase,
  datasetKey: string,
  name: string,
  chunks: readonly ChunkRecord[],
): Promise<Column> {
  const records = await readColumn(db, datasetKey, name);
  const byChunk = new Map(records.map((r) => [r.chunk, r]));
  const parts = chunks.map((chunk): ArrayLike<unknown> => {
    const stored = byChunk.get(chunk.chunk);
    if (!stored) return new Float64Array(chunk.count).fill(Number.NaN);
    // Number chunks go in as they are: the frame copies Float64Arrays with one `set`.
    return stored.kind === 'number' ? stored.values : decodeColumn(stored);
  });
  return fromDecodedChunks(parts);
}

/** A stored dataset, opened as a frame over its chunks (no column read yet). */
export interface OpenedDataset {
  frame: Frame;
  chunks: ChunkRecord[];
}

/**
 * Opens the stored dataset `datasetKey` as a lazy frame, or null when nothing is stored.
 * Row count comes from the chunks themselves (what is really on disk), not the counters.
 */
export async function openDatasetFrame(
  db: CrowdDatabase,
  datasetKey: string,
): Promise<OpenedDataset | null> {
  const [dataset, chunks] = await Promise.all([
    getDataset(db, datasetKey),
    readChunks(db, datasetKey),
  ]);
  if (!dataset || chunks.length === 0) return null;
  const rowCount = chunks.reduce((n, c) => n + c.count, 0);
  const columns: FrameColumnInfo[] = dataset.columns.map((c) => ({ name: c.name, type: c.type }));
  const frame = new Frame(rowCount, columns, (name) => loadColumn(db, datasetKey, name, chunks));
  return { frame, chunks };
}
