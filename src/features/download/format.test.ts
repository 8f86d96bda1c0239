import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatEta, formatRate, records } from './format.ts';

describe('download formatters', () => {
  it.each([
    [formatCount(1234567), '1,234,567'],
    [records(1), '1 record'],
    [records(3000), '3,000 records'],
    [formatRate(1234.5), '1,235 records/s'],
    [formatRate(0), '—'],
    [formatEta(null), 'working it out'],
    [formatEta(0), 'finishing'],
    [formatEta(12.2), 'about 13 s'],
    [formatEta(125), 'about 2 min 5 s'],
    [formatEta(7260), 'about 2 h 1 min'],
    [formatBytes(512), '512 bytes'],
    [formatBytes(1536 * 1024), '1.5 MB'],
    [formatBytes(300 * 1024 ** 3), '300 GB'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
