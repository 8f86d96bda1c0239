import { dedupIndex } from '../frame/dedup.ts';
import { CREATED, MD5SUM, VERSION } from '../frame/view.ts';
import { readChunks } from './chunks.ts';
import { loadColumn } from './column-reader.ts';
import type { CrowdDatabase } from './db.ts';
import { removeSegmentFiles, writableFiles } from './segment-backends.ts';
import { type Backend, datasetDir, fileNonce } from './segment-files.ts';
import { encodeSegment } from './segment-layout.ts';
import { columnKeys, type SegmentRecord } from './segments.ts';
import {
  DEDUP_KEYS,
  DEDUP_NAMES,
  DERIVED_NAMES,
  derivedFrom,
  readDerived,
} from './stored-dedup.ts';

/**
 * Derives and stores the dedup index of a dataset's rows (its chunks as they are now, compacted
 * or not: a chunk's rows never change), unless one derived from exactly those chunks is there.
 * Crash-safe as the compaction is: the files are written first, then one transaction checks
 * the chunks are still those read and swaps the derived records, then the old files go (a
 * crash leaves orphans the sweep removes). True when it stored a new index.
 */
export async function deriveDedupIndex(
  db: CrowdDatabase,
  datasetKey: string,
  prefer?: Backend,
): Promise<boolean> {
  const [ds, chunks, derived] = await Promise.all([
    db.get('datasets', datasetKey),
    readChunks(db, datasetKey),
    readDerived(db, datasetKey),
  ]);
  if (!ds || chunks.length === 0) return false;
  const first = chunks[0]!.chunk;
  const last = chunks.at(-1)!.chunk;
  if (DERIVED_NAMES.every((name) => derivedFrom(derived.get(name), chunks))) return false;

  const has = (name: string) => ds.columns.some((c) => c.name === name);
  const load = (name: string) => (has(name) ? loadColumn(db, datasetKey, name, chunks) : undefined);
  const rowCount = chunks.reduce((n, c) => n + c.count, 0);
  const [md5sum, version, created] = await Promise.all([
    load(MD5SUM),
    load(VERSION),
    load(CREATED),
  ]);
  const input = {
    rowCount,
    ...(md5sum ? { md5sum } : {}),
    ...(version ? { version } : {}),
    ...(created ? { created } : {}),
  };

  const counts = chunks.map((c) => c.count);
  const files = await writableFiles(db, prefer);
  const dir = datasetDir(datasetKey);
  const prefix = fileNonce();
  const records = new Map<string, SegmentRecord>();
  for (const key of DEDUP_KEYS) {
    const { groupId, flags } = dedupIndex(input, key);
    const names = DEDUP_NAMES[key];
    for (const [name, values] of [
      [names.group, Float64Array.from(groupId)],
      [names.flags, Float64Array.from(flags)],
    ] as const) {
      const encoded = encodeSegment({ kind: 'number', values }, counts);
      const file = `${prefix}-dedup-${DERIVED_NAMES.indexOf(name)}`;
      await files.write(dir, file, encoded.parts);
      records.set(name, {
        chunk: first,
        lastChunk: last,
        counts,
        backend: files.backend,
        dir,
        file,
        layout: encoded.layout,
        bytes: encoded.bytes,
        derived: true,
      });
    }
  }
  const discard = () =>
    files.remove(
      dir,
      [...records.values()].map((r) => r.file),
    );

  const tx = db.transaction(['datasets', 'chunks', 'segments'], 'readwrite');
  tx.done.catch(() => {});
  const [still, now] = await Promise.all([
    tx.objectStore('datasets').get(datasetKey),
    tx.objectStore('chunks').getAll(IDBKeyRange.bound([datasetKey], [datasetKey, []])),
  ]);
  const same =
    !!still &&
    now.length === chunks.length &&
    now.every((c, i) => c.chunk === chunks[i]!.chunk && c.count === chunks[i]!.count);
  if (!same) {
    tx.abort();
    await discard().catch(() => {});
    return false;
  }
  const replaced = (
    await Promise.all(
      DERIVED_NAMES.map((name) => tx.objectStore('segments').getAll(columnKeys(datasetKey, name))),
    )
  ).flat();
  await Promise.all([
    ...DERIVED_NAMES.map((name) => tx.objectStore('segments').delete(columnKeys(datasetKey, name))),
    ...[...records].map(([name, record]) =>
      tx.objectStore('segments').put(record, [datasetKey, name, first]),
    ),
    tx.done,
  ]);
  await removeSegmentFiles(db, dir, replaced).catch(() => {});
  return true;
}
