import { describe, expect, it } from 'vitest';
import { fromDecoded } from '../frame/column.ts';
import { dedupFromParts, dedupIndex, dedupRows } from '../frame/dedup.ts';
import { builtDedup } from '../frame/dedup-built.test-support.ts';
import { dedupPartsBuffers, dedupPartsFromFiles, readDedupParts } from './dedup-files.ts';
import { encodeSegment } from './segment-layout.ts';

/** A stored index's file as the compaction writes it (dedup-derivation.ts): numbers, narrowed. */
function file(values: ArrayLike<number>) {
  const { layout, parts } = encodeSegment({ kind: 'number', values: Float64Array.from(values) }, [
    values.length,
  ]);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return { layout, bytes };
}

const n = 3000;
const input = {
  rowCount: n,
  md5sum: fromDecoded(
    Array.from({ length: n }, (_, i) => (i % 11 === 0 ? undefined : `m${i % 700}`)),
  ),
};

describe('a stored dedup index read from its files', () => {
  it('gives the dedup dedupRows gives, for both keep modes, from the narrowed files', () => {
    const { groupId, flags } = dedupIndex(input);
    const group = file(groupId);
    // 3000 rows: group numbers need 16 bits, flags 8.
    expect([group.layout, file(flags).layout]).toEqual([
      { kind: 'number', type: 'i16' },
      { kind: 'number', type: 'i8' },
    ]);
    const parts = dedupPartsFromFiles(group, file(flags))!;
    for (const keep of ['first', 'last'] as const) {
      expect(builtDedup(dedupFromParts(parts, keep)!)).toEqual(
        builtDedup(dedupRows(input, { keep })),
      );
    }
  });

  it('moves to the page whole: every buffer transferred once, the same dedup on the other side', async () => {
    const { groupId, flags } = dedupIndex(input);
    const files = new Map([
      ['g', file(groupId)],
      ['f', file(flags)],
    ]);
    const ref = (name: string) => ({ dir: 'd', name, layout: files.get(name)!.layout });
    const parts = (await readDedupParts(
      async (_dir, name) => files.get(name)!.bytes.slice(),
      ref('g'),
      ref('f'),
    ))!;
    const buffers = dedupPartsBuffers(parts);
    expect(buffers).toHaveLength(4);
    const moved = structuredClone(parts, { transfer: buffers });
    // Transferred, not copied: the worker's side no longer holds the arrays.
    expect(parts.groupId.length).toBe(0);
    expect(builtDedup(dedupFromParts(moved, 'first')!)).toEqual(
      builtDedup(dedupRows(input, { keep: 'first' })),
    );
  });

  it('files that are not a dedup index give null', () => {
    const { groupId, flags } = dedupIndex(input);
    const text = { layout: { kind: 'raw', blockEnds: [] } as const, bytes: new Uint8Array(0) };
    expect(dedupPartsFromFiles(text, file(flags))).toBeNull();
    expect(dedupPartsFromFiles(file(groupId), file(flags.subarray(1)))).toBeNull();
  });
});
