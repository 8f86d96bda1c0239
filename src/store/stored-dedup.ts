import type { DedupIndex, DedupKey } from '../frame/dedup.ts';
import type { ChunkRecord } from './chunks.ts';
import type { CrowdDatabase } from './db.ts';
import { integersOf } from './segment-layout.ts';
import { columnKeys, readSegmentFile, type SegmentRecord } from './segments.ts';

/**
 * The dedup of a dataset by each key (frame/dedup.ts DedupIndex), stored by the compactor at
 * the end of each run as derived segments beside the columns' ones, so a table opens (or
 * changes its key) without reading the md5sum column or sorting a million digests. A derived
 * segment is valid for exactly the chunks it was computed from (first chunk, last chunk, each
 * chunk's rows; a chunk's rows never change once written): a download that appended since
 * makes readers compute the dedup from the columns, as they would without it, until the next
 * compaction run derives it again. The version in the names changes whenever dedupIndex's
 * meaning does, so an older index is never read as a newer one.
 */
export const DEDUP_NAMES: Readonly<Record<DedupKey, { group: string; flags: string }>> = {
  md5sum: { group: '\u0000dedup-v1:group', flags: '\u0000dedup-v1:flags' },
  'md5sum+version': {
    group: '\u0000dedup-v1:version-group',
    flags: '\u0000dedup-v1:version-flags',
  },
};
export const DEDUP_KEYS = Object.keys(DEDUP_NAMES) as DedupKey[];
/** Every derived segment's name. */
export const DERIVED_NAMES = DEDUP_KEYS.flatMap((key) => [
  DEDUP_NAMES[key].group,
  DEDUP_NAMES[key].flags,
]);

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

/** The derived records of a dataset by name, one per name at most (derivation swaps them). */
export async function readDerived(
  db: CrowdDatabase,
  datasetKey: string,
): Promise<Map<string, SegmentRecord>> {
  const tx = db.transaction('segments');
  const found = await Promise.all(
    DERIVED_NAMES.map((name) => tx.store.getAll(columnKeys(datasetKey, name))),
  );
  const byName = new Map<string, SegmentRecord>();
  DERIVED_NAMES.forEach((name, i) => {
    const record = found[i]?.[0];
    if (record) byName.set(name, record);
  });
  return byName;
}

/**
 * The stored dedup index by `key` of the rows `chunks` hold, or null when none was derived
 * from exactly those chunks or its files cannot be read (the caller then computes the dedup).
 * `opened`: the derived records read when the dataset was opened (column-reader.ts), tried
 * first, saving a round trip to IndexedDB; when they give nothing (a compaction swapped them
 * since), the records are read afresh.
 */
export async function readDedupIndex(
  db: CrowdDatabase,
  datasetKey: string,
  chunks: readonly ChunkRecord[],
  key: DedupKey = 'md5sum',
  opened?: ReadonlyMap<string, SegmentRecord>,
): Promise<DedupIndex | null> {
  const known = opened && (await dedupIndexFrom(db, opened, chunks, key));
  return known || dedupIndexFrom(db, await readDerived(db, datasetKey), chunks, key);
}

async function dedupIndexFrom(
  db: CrowdDatabase,
  derived: ReadonlyMap<string, SegmentRecord>,
  chunks: readonly ChunkRecord[],
  key: DedupKey,
): Promise<DedupIndex | null> {
  try {
    const group = derived.get(DEDUP_NAMES[key].group);
    const flags = derived.get(DEDUP_NAMES[key].flags);
    if (!group || !flags || !derivedFrom(group, chunks) || !derivedFrom(flags, chunks)) return null;
    const [groupBytes, flagBytes] = await Promise.all([
      readSegmentFile(db, group),
      readSegmentFile(db, flags),
    ]);
    const groups = integersOf(group.layout, groupBytes);
    const bits = integersOf(flags.layout, flagBytes);
    if (!groups || !bits) return null;
    // Read as stored (a file of a million i32 is 4 MB), never widened to doubles first, and
    // viewed unsigned in place when the width matches: group numbers and flags are never
    // negative, and a copy's fresh 5 MB cost the page ~20 ms on the bench machine.
    return { groupId: unsigned(groups, Uint32Array), flags: unsigned(bits, Uint8Array) };
  } catch {
    return null;
  }
}

/** `ints` (never negative) as the unsigned array of the same width when it is one, else copied. */
function unsigned<T extends Uint8Array | Uint32Array>(
  ints: Int8Array | Int16Array | Int32Array,
  Type: {
    new (buffer: ArrayBuffer, offset: number, length: number): T;
    new (from: ArrayLike<number>): T;
    BYTES_PER_ELEMENT: number;
  },
): T {
  return ints.BYTES_PER_ELEMENT === Type.BYTES_PER_ELEMENT
    ? new Type(ints.buffer as ArrayBuffer, ints.byteOffset, ints.length)
    : new Type(ints);
}
