import { describe, expect, it } from 'vitest';
import { isToWorker, toSerializedError } from './protocol.ts';

describe('toSerializedError', () => {
  it.each([
    {
      error: new TypeError('Failed to fetch'),
      expected: { name: 'TypeError', message: 'Failed to fetch' },
    },
    {
      error: new DOMException('full', 'QuotaExceededError'),
      expected: { name: 'QuotaExceededError', message: 'full' },
    },
    {
      error: { name: 'HttpError', message: 'HTTP 400' },
      expected: { name: 'HttpError', message: 'HTTP 400' },
    },
    { error: 'boom', expected: { name: 'Error', message: 'boom' } },
    { error: undefined, expected: { name: 'Error', message: 'undefined' } },
  ])('$expected.name', ({ error, expected }) => {
    const serialized = toSerializedError(error);
    expect(serialized).toEqual(expected);
    expect(structuredClone(serialized)).toEqual(expected); // crosses postMessage as is
  });
});

describe('isToWorker', () => {
  const job = {
    datasetKey: 'k',
    query: {},
    apiBase: 'http://x/api/v1',
    modality: 'T1w',
    filter: null,
    mode: 'download',
  };
  it.each([
    { message: { type: 'start', job }, ok: true },
    { message: { type: 'pause' }, ok: true },
    { message: { type: 'resume' }, ok: true },
    { message: { type: 'cancel' }, ok: true },
    { message: { type: 'start' }, ok: false },
    { message: { type: 'start', job: { ...job, apiBase: 1 } }, ok: false },
    { message: { type: 'progress' }, ok: false },
    { message: null, ok: false },
    { message: 'pause', ok: false },
  ])('$message → $ok', ({ message, ok }) => {
    expect(isToWorker(message)).toBe(ok);
  });
});
