import { describe, expect, it } from 'vitest';
import { MAX_GROUP_FILE_BYTES } from './file-limits.ts';
import { readGroupFile } from './read-group-file.ts';

describe('readGroupFile', () => {
  it('parses a group file', async () => {
    const result = await readGroupFile(new Blob(['bids_name\tcjv\nsub-01_T1w\t0.4\n']));
    expect(result.type).toBe('ok');
    if (result.type === 'ok') expect(Array.from(result.values[0]!)).toEqual([0.4]);
  });

  it('refuses a file over the limit by its size, saying how big it is', async () => {
    const text = new Uint8Array(MAX_GROUP_FILE_BYTES + 1).fill(0x41);
    const result = await readGroupFile(new Blob([text]));
    expect(result).toMatchObject({ type: 'error', code: 'too-large' });
    if (result.type === 'error') expect(result.message).toContain('This file is 20.0 MB');
  });
});
