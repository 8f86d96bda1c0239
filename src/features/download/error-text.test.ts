import { describe, expect, it } from 'vitest';
import {
  HttpError,
  NetworkError,
  RedirectError,
  SchemeError,
  serializeError,
  TimeoutError,
} from '../../api/errors.ts';
import { describeFailure, PageFailedError } from '../../download/errors.ts';
import { describeDownloadError } from './error-text.ts';

const URL_ = 'http://127.0.0.1:5174/api/v1/T1w?sort=_id';

/** As the engine reports a page that failed for good: its API error as the cause. */
function pageFailed(cause: Error, attempts = 8) {
  const what = 'the page of records for {"_id":{"$gt":"a"}}';
  return serializeError(new PageFailedError(describeFailure(what, cause, attempts), { cause }));
}

describe('describeDownloadError', () => {
  it.each([
    [
      serializeError(new HttpError(400, URL_, 'operator $regex is not allowed')),
      'The server refused this query',
      'The server said: operator $regex is not allowed',
    ],
    [
      pageFailed(new HttpError(400, URL_, 'bad where'), 1),
      'The server refused this query',
      'The server said: bad where',
    ],
    [
      pageFailed(new HttpError(503, URL_, 'Try later.')),
      'The download stopped',
      'A page of records still failed after 8 attempts (HTTP 503: Try later.).',
    ],
    [
      pageFailed(new NetworkError(URL_)),
      'The download stopped',
      'A page of records still failed after 8 attempts (no answer: the server or the network is down).',
    ],
    [
      pageFailed(new NetworkError(URL_), 4),
      'The download stopped',
      'A page of records still failed after 4 attempts (no answer: the server or the network is down).',
    ],
    [
      serializeError(new NetworkError(URL_)),
      'Could not reach the server',
      'The request failed (no answer: the server or the network is down).',
    ],
    [
      pageFailed(new TimeoutError(URL_, 20_000, 'inactivity'), 3),
      'The download stopped',
      'A page of records still failed after 3 attempts (the server did not answer in time, or stopped sending).',
    ],
    [
      serializeError(new SchemeError('data:x', 'data:')),
      'This source cannot be used',
      'The source is a data: address: only http:// and https:// API addresses can be used.',
    ],
    [
      serializeError(new RedirectError(URL_, 'http://elsewhere/api/v1')),
      'The source sent the app elsewhere',
      'The API redirected to http://elsewhere/api/v1, another site; use that address as the source if you trust it.',
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

describe('describeDownloadError while the browser is offline', () => {
  it.each([
    ['a first request', serializeError(new NetworkError(URL_))],
    ['a page after retries', pageFailed(new NetworkError(URL_), 4)],
  ])('says so for %s, and that saved records still open', (_name, error) => {
    const text = describeDownloadError(error, true, false);
    expect(text.title).toBe('You are offline');
    expect(text.detail).toContain('no network connection');
    expect(text.hint).toContain('press Resume');
    expect(describeDownloadError(error, false, false).hint).toContain('press Download');
  });

  it('keeps what the server said when it did answer', () => {
    const error = pageFailed(new HttpError(503, URL_, 'Try later.'));
    expect(describeDownloadError(error, true, false).title).toBe('The download stopped');
  });
});
