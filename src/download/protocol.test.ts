import { describe, expect, it } from 'vitest';
import { isToWorker } from './protocol.ts';

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
