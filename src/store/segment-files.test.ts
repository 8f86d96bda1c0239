import { describe, expect, it } from 'vitest';
import { memoryOpfs } from './memory-opfs.ts';
import {
  datasetDir,
  idbFiles,
  opfsFiles,
  type SegmentFiles,
  SegmentMissingError,
} from './segment-files.ts';
import { setupTestDb } from './test-db.test-support.ts';

const t = setupTestDb('crowdmri-segment-files-test');

const backends: Array<[string, () => SegmentFiles]> = [
  ['OPFS through sync access handles (a worker)', () => opfsFiles(memoryOpfs().root)],
  ['OPFS through writable streams (the page)', () => opfsFiles(memoryOpfs({ sync: false }).root)],
  ['IndexedDB Blobs', () => idbFiles(t.db())],
];

describe.each(backends)('segment files: %s', (_, make) => {
  it('writes a file from parts, reads it whole and by range, lists, removes', async () => {
    const files = make();
    await files.write('d1', 'a', [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5)]);
    await files.write('d1', 'b', [Uint8Array.of(9)]);
    await files.write('d2', 'a', [Uint8Array.of(7)]);
    const blob = await files.open('d1', 'a');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
    expect([...new Uint8Array(await blob.slice(2, 4).arrayBuffer())]).toEqual([3, 4]);
    expect((await files.list('d1')).sort()).toEqual(['a', 'b']);
    expect((await files.dirs()).sort()).toEqual(['d1', 'd2']);
    // A rewrite replaces the whole file.
    await files.write('d1', 'b', [Uint8Array.of(8, 8)]);
    expect([...new Uint8Array(await (await files.open('d1', 'b')).arrayBuffer())]).toEqual([8, 8]);
    await files.remove('d1', ['a', 'missing']);
    expect(await files.list('d1')).toEqual(['b']);
    await expect(files.open('d1', 'a')).rejects.toBeInstanceOf(SegmentMissingError);
    await files.removeDir('d1');
    expect(await files.list('d1')).toEqual([]);
    expect(await files.dirs()).toEqual(['d2']);
    await files.removeDir('no-such-dir');
    await files.remove('no-such-dir', ['x']);
  });
});

describe('segment files', () => {
  it('a full disk is a storage error (the message names storage, not the server)', async () => {
    const fs = memoryOpfs();
    fs.quota = 4;
    const files = opfsFiles(fs.root);
    await expect(files.write('d', 'big', [new Uint8Array(10)])).rejects.toMatchObject({
      name: 'StoreQuotaError',
    });
  });

  it('names one directory per dataset, the same every time, different between datasets', () => {
    const a = datasetDir('modality=T1w&software=mriqc&source=https://x');
    expect(a).toBe(datasetDir('modality=T1w&software=mriqc&source=https://x'));
    expect(a).not.toBe(datasetDir('modality=T2w&software=mriqc&source=https://x'));
    expect(a).toMatch(/^d[0-9a-f]{16}$/);
  });
});
