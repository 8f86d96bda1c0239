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
      {
        name: 'StoreQuotaError',
        message:
          'The browser could not save more data (disk or storage full), so … (UnknownError: IO error)',
      },
      'The browser could not save more data',
      "The disk or this site's storage is full, so the last batch of records was not saved; everything saved before it is kept.",
    ],
    [
      {
        name: 'StoreLostError',
        message: 'The browser could not save more data … closed its database',
      },
      'The browser could not save more data, and closed its database',
      'The disk is probably full. After such a failure the browser may delete the whole database of this site: the datasets saved in this browser may be gone.',
    ],
  ])('%j', (error, title, detail) => {
    const text = describeDownloadError(error);
    expect([text.title, text.detail]).toEqual([title, detail]);
  });

  it('storage faults name storage and say what to free, never the server', () => {
    for (const name of ['StoreQuotaError', 'StoreLostError']) {
      const text = describeDownloadError({ name, message: 'x (AbortError: …)' });
      expect(`${text.title} ${text.detail} ${text.hint}`).not.toMatch(/server/i);
      expect(text.hint).toMatch(/[Ff]ree (disk )?space/);
      expect(text.technical).toBe('x (AbortError: …)');
    }
  });
});
