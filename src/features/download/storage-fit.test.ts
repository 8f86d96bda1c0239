import { describe, expect, it } from 'vitest';
import { bytesPerRecord, storageShortfall } from './storage-fit.ts';

describe('bytesPerRecord', () => {
  it.each([
    [22_000_000, 32_000, 687.5], // measured on what is stored
    [0, 0, 1024], // nothing stored yet: ~1 KB a record
    [5000, 0, 1024], // usage but no records (another store's bytes): the guess
    [0, 100, 1024], // Chromium's first estimate after it starts says 0: the guess
  ])('usage %d over %d records → %d bytes', (usage, records, bytes) => {
    expect(bytesPerRecord(usage, records)).toBe(bytes);
  });
});

describe('storageShortfall', () => {
  it('warns when the rest of the download would not fit in quota − usage', () => {
    expect(
      storageShortfall({ remaining: 1_000_000, usage: 0, quota: 500_000_000, records: 0 }),
    ).toEqual({ needed: 1_024_000_000, available: 500_000_000 });
    // 20,000 records took 14 MB: 80,000 more need 56 MB, and 40 MB are left.
    expect(
      storageShortfall({
        remaining: 80_000,
        usage: 14_000_000,
        quota: 54_000_000,
        records: 20_000,
      }),
    ).toEqual({ needed: 56_000_000, available: 40_000_000 });
  });

  it('says nothing when it fits, when nothing is left to fetch, or when the quota is unknown', () => {
    expect(
      storageShortfall({ remaining: 30_000, usage: 1e6, quota: 1e9, records: 2000 }),
    ).toBeNull();
    expect(storageShortfall({ remaining: 0, usage: 9e8, quota: 1e9, records: 1e6 })).toBeNull();
    expect(storageShortfall({ remaining: 1e6, usage: 0, quota: 0, records: 0 })).toBeNull();
  });
});
