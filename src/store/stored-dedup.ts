import type { DedupIndex } from '../frame/dedup.ts';
import type { ChunkRecord } from './chunks.ts';
import type { CrowdDatabase } from './db.ts';
import { integersOf } from './segment-layout.ts';
import { columnKeys, readSegmentFile, type SegmentRecord } from './segments.ts';

/**
 * The md5sum dedup of a dataset (frame/dedup.ts DedupIndex), stored by the compactor at the end
 * of each run as two derived segments beside the columns' ones, so a table opens without
 * reading the md5sum column or sorting a million digests. A derived segment is valid for
 * exactly the chunks it was computed from (first chunk, last chunk, each chunk's rows; a
 * chunk's rows never change once written): a download that appended since makes readers
 * compute the dedup from the columns, as they would without it, until the next compaction run
 * derives it again. The version in the names changes whenever
 * dedupIndex's meaning does, so an older index is never read as a newer one.
 */
export const DEDUP_GROUP = '\u0000dedup-v1:group';
export const DEDUP_FLAGS = '\u0000dedup-v1:flags';

/** True when `record` was derived from exactly these chunks. */
export function derivedFrom(
  record: SegmentRecord | undefined,
  chunks: readonly ChunkRecord[],
): boolean {
  const first = chunks[0]?.chunk;
  return (
    record !== undefined &&
    record.chunk === first &&
    record.lastChunk === chunks.at(-1)?.chunk &&
    record.counts.length === chunks.length &&
    chunks.every((c, i) => c.chunk === first + i && c.count === record.counts[i])
  );
}

/** The derived records of a dataset, one per name at most (the switch below replaces them). */
export async function readDerived(
  db: CrowdDatabase,
  datasetKey: string,
): Promise<{ group?: SegmentRecord; flags?: SegmentRecord }> {
  const tx = db.transaction('segments');
  const [group, flags] = await Promise.all([
    tx.store.getAll(columnKeys(datasetKey, DEDUP_GROUP)),
    tx.store.getAll(columnKeys(datasetKey, DEDUP_FLAGS)),
  ]);
  return { group: group[0], flags: flags[0] };
}

/**
 * The stored dedup index of the rows `chunks` hold, or null when none was derived from exactly
 * those chunks or its files cannot be read (the caller then computes the dedup itself).
 */
export async function readDedupIndex(
  db: CrowdDatabase,
  datasetKey: string,
  chunks: readonly ChunkRecord[],
): Promise<DedupIndex | null> {
  try {
    const { group, flags } = await readDerived(db, datasetKey);
    if (!group || !flags || !derivedFrom(group, chunks) || !derivedFrom(flags, chunks)) return null;
    const [groupBytes, flagBytes] = await Promise.all([
      readSegmentFile(db, group),
      readSegmentFile(db, flags),
    ]);
    const groups = integersOf(group.layout, groupBytes);
    const bits = integersOf(flags.layout, flagBytes);
    if (!groups || !bits) return null;
    // Read as stored (a file of a million i32 is 4 MB), never widened to doubles first.
    return { groupId: new Uint32Array(groups), flags: new Uint8Array(bits) };
  } catch {
    return null;
  }
}
