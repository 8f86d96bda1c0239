import type { DedupKey, DedupParts } from '../frame/dedup.ts';
import type { ChunkRecord } from './chunks.ts';
import type { CrowdDatabase } from './db.ts';
import { dedupPartsFromFiles } from './dedup-files.ts';
import type { DedupFileRef } from './segment-reader-api.ts';
import { pageReaders, ReaderUnavailableError } from './segment-readers.ts';
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
 * The stored dedup index by `key` of the rows `chunks` hold, checked and counted (frame/dedup.ts
 * DedupParts), or null when none was derived from exactly those chunks, its files cannot be
 * read or they are not such an index (the caller then computes the dedup). In a page a reader
 * worker reads the files and works them out (segment-readers.ts), not the main thread.
 * `opened`: the derived records read when the dataset was opened (column-reader.ts), tried
 * first, saving a round trip to IndexedDB; when they give nothing (a compaction swapped them
 * since), the records are read afresh.
 */
export async function readStoredDedup(
  db: CrowdDatabase,
  datasetKey: string,
  chunks: readonly ChunkRecord[],
  key: DedupKey = 'md5sum',
  opened?: ReadonlyMap<string, SegmentRecord>,
): Promise<DedupParts | null> {
  const known = opened && (await dedupPartsFrom(db, opened, chunks, key));
  return known || dedupPartsFrom(db, await readDerived(db, datasetKey), chunks, key);
}

async function dedupPartsFrom(
  db: CrowdDatabase,
  derived: ReadonlyMap<string, SegmentRecord>,
  chunks: readonly ChunkRecord[],
  key: DedupKey,
): Promise<DedupParts | null> {
  try {
    const group = derived.get(DEDUP_NAMES[key].group);
    const flags = derived.get(DEDUP_NAMES[key].flags);
    if (!group || !flags || !derivedFrom(group, chunks) || !derivedFrom(flags, chunks)) return null;
    const readers = group.backend === 'opfs' && flags.backend === 'opfs' ? pageReaders() : null;
    if (readers) {
      try {
        return await readers.dedup(fileRef(group), fileRef(flags));
      } catch (error) {
        if (!(error instanceof ReaderUnavailableError)) throw error;
      }
    }
    const [groupBytes, flagBytes] = await Promise.all([
      readSegmentFile(db, group),
      readSegmentFile(db, flags),
    ]);
    return dedupPartsFromFiles(
      { layout: group.layout, bytes: groupBytes },
      { layout: flags.layout, bytes: flagBytes },
    );
  } catch {
    return null;
  }
}

function fileRef(record: SegmentRecord): DedupFileRef {
  return { dir: record.dir, name: record.file, layout: record.layout };
}
