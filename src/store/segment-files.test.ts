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
    expect([...(await files.read('d1', 'a'))]).toEqual([1, 2, 3, 4, 5]);
    expect([...new Uint8Array(await blob.slice(2, 4).arrayBuffer())]).toEqual([3, 4]);
    expect([...(await files.readRange('d1', 'a', 2, 4))]).toEqual([3, 4]);
    // A range past the end is clipped to the file.
    expect([...(await files.readRange('d1', 'a', 3, 99))]).toEqual([4, 5]);
    expect([...(await files.readRange('d1', 'a', 7, 9))]).toEqual([]);
    expect((await files.list('d1')).sort()).toEqual(['a', 'b']);
    expect((await files.dirs()).sort()).toEqual(['d1', 'd2']);
    // A rewrite replaces the whole file.
    await files.write('d1', 'b', [Uint8Array.of(8, 8)]);
    expect([...new Uint8Array(await (await files.open('d1', 'b')).arrayBuffer())]).toEqual([8, 8]);
    await files.remove('d1', ['a', 'missing']);
    expect(await files.list('d1')).toEqual(['b']);
    await expect(files.open('d1', 'a')).rejects.toBeInstanceOf(SegmentMissingError);
    await expect(files.read('d1', 'a')).rejects.toBeInstanceOf(SegmentMissingError);
    await expect(files.readRange('d1', 'a', 0, 1)).rejects.toBeInstanceOf(SegmentMissingError);
    await files.removeDir('d1');
    expect(await files.list('d1')).toEqual([]);
    expect(await files.dirs()).toEqual(['d2']);
    await files.removeDir('no-such-dir');
    await files.remove('no-such-dir', ['x']);
  });
});

describe('segment files', () => {
  it('reads a file whole while other readers hold it, also where every handle locks the file', async () => {
    for (const sharedReads of [true, false]) {
      const fs = memoryOpfs({ sharedReads });
      const files = opfsFiles(fs.root);
      const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
      await files.write('d', 'a', [bytes]);
      // Another reader (a second worker, another tab) holds the file meanwhile.
      const other = await (await (await fs.root()).getDirectoryHandle('crowdmri-segments'))
        .getDirectoryHandle('d')
        .then((d) => d.getFileHandle('a'));
      const holding = await other.createSyncAccessHandle!({ mode: 'read-only' });
      expect([...(await files.read('d', 'a'))]).toEqual([...bytes]);
      holding.close();
    }
  });

  it('a file a reader holds is removed once the reader lets it go', async () => {
    const fs = memoryOpfs();
    const files = opfsFiles(fs.root);
    await files.write('d', 'a', [new Uint8Array(8)]);
    await files.write('e', 'b', [new Uint8Array(8)]);
    const top = await (await fs.root()).getDirectoryHandle('crowdmri-segments');
    const hold = async (dir: string, name: string) =>
      (await (await top.getDirectoryHandle(dir)).getFileHandle(name)).createSyncAccessHandle!({
        mode: 'read-only',
      });
    const a = await hold('d', 'a');
    const b = await hold('e', 'b');
    const removed = files.remove('d', ['a']);
    const dirRemoved = files.removeDir('e');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(fs.files().has('crowdmri-segments/d/a')).toBe(true);
    a.close();
    b.close();
    await removed;
    await dirRemoved;
    expect([...fs.files().keys()]).toEqual([]);
  });

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
