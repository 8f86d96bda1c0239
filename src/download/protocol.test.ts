import { describe, expect, it } from 'vitest';
import { isConcurrency, isJobSpec } from './protocol.ts';

describe('isJobSpec (what the worker accepts as a job)', () => {
  const job = {
    datasetKey: 'k',
    query: {},
    apiBase: 'http://x/api/v1',
    modality: 'T1w',
    filter: null,
    mode: 'download',
  };
  it.each([
    { input: job, ok: true },
    { input: { ...job, mode: 'refresh' }, ok: true },
    { input: { ...job, mode: 'upload' }, ok: false },
    { input: { ...job, apiBase: 1 }, ok: false },
    { input: { ...job, datasetKey: undefined }, ok: false },
    { input: null, ok: false },
    { input: 'start', ok: false },
  ])('$input → $ok', ({ input, ok }) => {
    expect(isJobSpec(input)).toBe(ok);
  });
});

describe('isConcurrency', () => {
  it.each([
    [1, true],
    [8, true],
    [0, false],
    [9, false],
    [2.5, false],
    ['4', false],
  ])('%s → %s', (value, ok) => {
    expect(isConcurrency(value)).toBe(ok);
  });
});
