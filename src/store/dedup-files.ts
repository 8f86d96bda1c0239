import { type DedupIndex, type DedupParts, dedupParts } from '../frame/dedup.ts';
import { integersOf, type SegmentLayout } from './segment-layout.ts';
import type { DedupFileRef } from './segment-reader-api.ts';

/** One file of a stored dedup index as read, with the layout its segment record names. */
export interface DedupFileBytes {
  readonly layout: SegmentLayout;
  readonly bytes: Uint8Array;
}

/**
 * The stored dedup index (stored-dedup.ts) in its two files' bytes, checked and counted
 * (frame/dedup.ts dedupParts); null when they are not such an index. No IndexedDB here: a
 * reader worker runs this beside the files it read.
 */
export function dedupPartsFromFiles(
  group: DedupFileBytes,
  flags: DedupFileBytes,
): DedupParts | null {
  const groups = integersOf(group.layout, group.bytes);
  const bits = integersOf(flags.layout, flags.bytes);
  if (!groups || !bits) return null;
  // Read as stored (a file of a million i32 is 4 MB), never widened to doubles first, and
  // viewed unsigned in place when the width matches: group numbers and flags are never
  // negative, and a copy's fresh 5 MB cost the page ~20 ms on the bench machine.
  const index: DedupIndex = {
    groupId: unsigned(groups, Uint32Array),
    flags: unsigned(bits, Uint8Array),
  };
  return dedupParts(index);
}

/** {@link dedupPartsFromFiles} of the two files `read` gives. */
export async function readDedupParts(
  read: (dir: string, name: string) => Promise<Uint8Array>,
  group: DedupFileRef,
  flags: DedupFileRef,
): Promise<DedupParts | null> {
  const [groupBytes, flagBytes] = await Promise.all([
    read(group.dir, group.name),
    read(flags.dir, flags.name),
  ]);
  return dedupPartsFromFiles(
    { layout: group.layout, bytes: groupBytes },
    { layout: flags.layout, bytes: flagBytes },
  );
}

/** The buffers `parts` holds, each once: what moving it to another thread transfers. */
export function dedupPartsBuffers(parts: DedupParts): ArrayBuffer[] {
  const arrays = [parts.groupId, parts.counts, parts.first?.isKept, parts.last?.isKept];
  return [...new Set(arrays.flatMap((a) => (a ? [a.buffer as ArrayBuffer] : [])))];
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
