import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryOpfs } from './memory-opfs.ts';
import { createReadAhead, KEEP_MS, NOTE_MS, READ_AHEAD_FOLDER } from './read-ahead.ts';
import { opfsFiles, SegmentMissingError } from './segment-files.ts';

/** A dataset's segment files, and a reader over them that counts the reads it really does. */
function setup() {
  const fs = memoryOpfs();
  const files = opfsFiles(fs.root);
  const notes = opfsFiles(fs.root, READ_AHEAD_FOLDER);
  const done: string[] = [];
  const open = () =>
    createReadAhead(async (dir, name) => {
      done.push(`${dir}/${name}`);
      return files.read(dir, name);
    }, notes);
  return { fs, files, done, open };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('reading ahead what the last opening read', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the next opening finds the bytes already read; files not read last time are read when asked', async () => {
    const { files, done, open } = setup();
    for (const name of ['cjv', 'snr', 'efc'])
      await files.write('d1', name, [Uint8Array.of(name.length, 1)]);

    const first = open();
    await first.start('d1', 0);
    expect(done).toEqual([]); // nothing noted yet
    await first.read('d1', 'cjv');
    await first.read('d1', 'snr');
    await vi.advanceTimersByTimeAsync(0);

    done.length = 0;
    const second = open(); // a new page: a new worker
    await second.start('d1', 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toEqual(['d1/cjv', 'd1/snr']); // read ahead, before anyone asked
    expect([...(await second.read('d1', 'snr'))]).toEqual([3, 1]);
    expect([...(await second.read('d1', 'efc'))]).toEqual([3, 1]);
    expect(done).toEqual(['d1/cjv', 'd1/snr', 'd1/efc']); // snr was not read twice
    // Asked again later: read again (bytes read ahead are given out once, then let go).
    await second.read('d1', 'snr');
    expect(done.at(-1)).toBe('d1/snr');
  });

  it('only the dataset being opened is read ahead, and only reads made while it opens are noted', async () => {
    const { files, done, open } = setup();
    await files.write('d1', 'a', [Uint8Array.of(1)]);
    await files.write('d2', 'b', [Uint8Array.of(2)]);
    const first = open();
    await first.start('d1', 0);
    await first.read('d2', 'b'); // another dataset's file: not this opening's
    await first.read('d1', 'a');
    await vi.advanceTimersByTimeAsync(NOTE_MS);
    await files.write('d1', 'late', [Uint8Array.of(3)]);
    await first.read('d1', 'late'); // long after the opening
    await vi.advanceTimersByTimeAsync(0);

    done.length = 0;
    const second = open();
    await second.start('d2', 0);
    await second.start('d1', 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toEqual(['d1/a']);
  });

  it('a noted file deleted since is not there to give; bytes nobody asks for are let go', async () => {
    const { files, done, open } = setup();
    await files.write('d1', 'old', [Uint8Array.of(1)]);
    await files.write('d1', 'kept', [Uint8Array.of(2)]);
    const first = open();
    await first.start('d1', 0);
    await first.read('d1', 'old');
    await first.read('d1', 'kept');
    await vi.advanceTimersByTimeAsync(0);
    await files.remove('d1', ['old']); // a compaction replaced it

    const second = open();
    await second.start('d1', 0);
    await vi.advanceTimersByTimeAsync(0);
    await expect(second.read('d1', 'old')).rejects.toBeInstanceOf(SegmentMissingError);
    await vi.advanceTimersByTimeAsync(KEEP_MS);
    done.length = 0;
    await second.read('d1', 'kept');
    expect(done).toEqual(['d1/kept']); // let go: read again
  });

  it('a note that is not a list of names reads nothing ahead', async () => {
    const { fs, done, open } = setup();
    await opfsFiles(fs.root, READ_AHEAD_FOLDER).write('d1', 'reader-0.json', [
      new TextEncoder().encode('{"not": "a list"}'),
    ]);
    await open().start('d1', 0);
    await settle;
    expect(done).toEqual([]);
  });
});
