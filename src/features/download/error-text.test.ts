import { describe, expect, it } from 'vitest';
import { describeDownloadError } from './error-text.ts';

const pageFailed = (detail: string) =>
  `Download stopped: the page of records for {"_id":{"$gt":"a"}} failed after 8 attempts (${detail}). Records already saved are kept.`;

describe('describeDownloadError', () => {
  it.each([
    [
      {
        name: 'HttpError',
        message: 'The server answered HTTP 400: operator $regex is not allowed',
      },
      'The server refused this query',
      'The server said: operator $regex is not allowed',
    ],
    [
      { name: 'PageFailedError', message: pageFailed('HTTP 400; the server said: "bad where"') },
      'The server refused this query',
      'The server said: bad where',
    ],
    [
      { name: 'PageFailedError', message: pageFailed('HTTP 503; the server said: "Try later."') },
      'The download stopped',
      'A page of records still failed after 8 attempts (HTTP 503: Try later.).',
    ],
    [
      {
        name: 'PageFailedError',
        message: pageFailed('NetworkError; No answer from the server (network error).'),
      },
      'The download stopped',
      'A page of records still failed after 8 attempts (no answer: the server or the network is down).',
    ],
    [
      { name: 'StoreQuotaError', message: 'Browser storage is full, so …' },
      'Browser storage is full',
      'Browser storage is full, so …',
    ],
  ])('%j', (error, title, detail) => {
    const text = describeDownloadError(error);
    expect([text.title, text.detail]).toEqual([title, detail]);
  });
});
