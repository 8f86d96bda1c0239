import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  RedirectError,
  SchemeError,
  serializeError,
  TimeoutError,
} from './errors.ts';

const URL_ = 'http://127.0.0.1:5174/api/v1/T1w?sort=_id';

describe('serializeError: the one form errors cross the worker boundary in', () => {
  it.each([
    [
      new HttpError(400, URL_, 'bad'),
      {
        name: 'HttpError',
        message: 'The server answered HTTP 400: bad',
        kind: 'http',
        status: 400,
        serverMessage: 'bad',
      },
    ],
    [
      new HttpError(429, URL_, undefined, 30),
      {
        name: 'HttpError',
        message: 'The server answered HTTP 429.',
        kind: 'http',
        status: 429,
        retryAfterS: 30,
      },
    ],
    [
      new NetworkError(URL_),
      {
        name: 'NetworkError',
        message: 'No answer from the server (network error).',
        kind: 'network',
      },
    ],
    [
      new TimeoutError(URL_, 6000),
      { name: 'TimeoutError', message: 'No answer from the server within 6 s.', kind: 'timeout' },
    ],
    [
      new TimeoutError(URL_, 20_000, 'inactivity'),
      {
        name: 'TimeoutError',
        message: 'The server stopped sending its answer (nothing for 20 s).',
        kind: 'timeout',
      },
    ],
    [
      new InvalidResponseError('x'),
      {
        name: 'InvalidResponseError',
        message: "The server's answer is not a valid API page: x",
        kind: 'invalid',
      },
    ],
    [
      new AbortedError(),
      { name: 'AbortedError', message: 'The request was cancelled.', kind: 'aborted' },
    ],
    [
      new SchemeError('data:x', 'data:'),
      {
        name: 'SchemeError',
        message:
          'The source is a data: address: only http:// and https:// API addresses can be used.',
        kind: 'scheme',
      },
    ],
    [
      new RedirectError(URL_, 'http://b/api/v1'),
      {
        name: 'RedirectError',
        message:
          'The API redirected to http://b/api/v1, another site; use that address as the source if you trust it.',
        kind: 'redirect',
      },
    ],
    // An engine error wrapping an API failure keeps its own name and message, and the cause's kind.
    [
      Object.assign(new Error('page 3 failed', { cause: new HttpError(503, URL_) }), {
        name: 'PageFailedError',
      }),
      { name: 'PageFailedError', message: 'page 3 failed', kind: 'http', status: 503 },
    ],
    [new TypeError('Failed to fetch'), { name: 'TypeError', message: 'Failed to fetch' }],
    [
      new DOMException('full', 'QuotaExceededError'),
      { name: 'QuotaExceededError', message: 'full' },
    ],
    [
      { name: 'HttpError', message: 'HTTP 400' },
      { name: 'HttpError', message: 'HTTP 400' },
    ],
    ['plain text', { name: 'Error', message: 'plain text' }],
    [undefined, { name: 'Error', message: 'undefined' }],
  ])('%s', (error, serialized) => {
    expect(serializeError(error)).toEqual(serialized);
    expect(structuredClone(serializeError(error))).toEqual(serialized); // crosses postMessage as is
  });
});
