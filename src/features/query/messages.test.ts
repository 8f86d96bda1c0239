import { describe, expect, it } from 'vitest';
import { AnswerTooLargeError } from '../../api/bounded-body.ts';
import {
  HttpError,
  InvalidResponseError,
  NetworkError,
  RedirectError,
  SchemeError,
  TimeoutError,
} from '../../api/errors.ts';
import { MISSING_FILTER } from '../../api/explorer-query.ts';
import {
  describeCountError,
  describeStatus,
  filterStorageMessage,
  formatCount,
  matchSentence,
  type SourceStatus,
  toSourceStatus,
} from './messages.ts';
import { describeSource, MIRROR_API, PUBLIC_API } from './sources.ts';

const url = `${MIRROR_API}/T1w?max_results=1`;

describe('formatCount and matchSentence', () => {
  it.each([
    [0, '0', 'No records match'],
    [1, '1', '1 record matches'],
    [999, '999', '999 records match'],
    [3000, '3,000', '3,000 records match'],
    [1234567, '1,234,567', '1,234,567 records match'],
  ])('%i', (n, formatted, sentence) => {
    expect(formatCount(n)).toBe(formatted);
    expect(matchSentence(n)).toBe(sentence);
  });
});

describe('toSourceStatus', () => {
  it.each<[Parameters<typeof toSourceStatus>[0], SourceStatus]>([
    [{ status: 'pending' }, { type: 'checking' }],
    [
      { status: 'success', data: 20000 },
      { type: 'answering', total: 20000 },
    ],
    [
      { status: 'error', error: new NetworkError(url) },
      { type: 'unreachable', reason: 'no connection' },
    ],
    [
      { status: 'error', error: new TimeoutError(url, 6000) },
      { type: 'unreachable', reason: 'no answer within 6 s' },
    ],
    [
      { status: 'error', error: new HttpError(404, url, 'The requested URL was not found') },
      { type: 'error', reason: 'HTTP 404: The requested URL was not found' },
    ],
    [
      { status: 'error', error: new HttpError(502, url) },
      { type: 'error', reason: 'HTTP 502' },
    ],
    [
      { status: 'error', error: new InvalidResponseError('x') },
      { type: 'error', reason: 'its answer is not API data' },
    ],
    [
      { status: 'error', error: new AnswerTooLargeError(1024 * 1024) },
      {
        type: 'error',
        reason: 'answer too large: over 1 MB for one record, so it was not read',
      },
    ],
    [
      { status: 'error', error: new SchemeError('data:x', 'data:') },
      { type: 'error', reason: 'not an http(s) address' },
    ],
    [
      { status: 'error', error: new RedirectError(url, 'http://b/api/v1') },
      { type: 'error', reason: 'it redirects to another site, http://b/api/v1' },
    ],
  ])('%#', (probe, status) => {
    expect(toSourceStatus(probe)).toEqual(status);
  });
});

describe('describeStatus', () => {
  it.each<[SourceStatus, string]>([
    [{ type: 'unchecked' }, 'not checked · open the list or press “Check again”'],
    [{ type: 'checking' }, 'checking…'],
    [{ type: 'answering', total: 3000 }, 'answering · 3,000 T1w records'],
    [{ type: 'answering', total: 1 }, 'answering · 1 T1w record'],
    [{ type: 'unreachable', reason: 'no connection' }, 'unreachable · no connection'],
    [{ type: 'error', reason: 'HTTP 404' }, 'error · HTTP 404'],
  ])('%j', (status, text) => {
    expect(describeStatus(status, 'T1w')).toBe(text);
  });
});

describe('describeCountError', () => {
  const mirror = describeSource(MIRROR_API);
  const publicApi = describeSource(PUBLIC_API);
  const generic400 = 'The browser (or proxy) sent a request that this server could not understand.';
  it.each([
    {
      name: "a 400 shows the server's message and, with a filter, the operator hint",
      error: new HttpError(400, url, generic400),
      source: mirror,
      hasFilter: true,
      title: `The server refused this query: ${generic400}`,
      detail: /not \$regex or \$where/,
    },
    {
      name: 'a 400 without a filter just names the status',
      error: new HttpError(400, url, generic400),
      source: mirror,
      hasFilter: false,
      title: `The server refused this query: ${generic400}`,
      detail: /^HTTP 400\.$/,
    },
    {
      name: 'a readable 503',
      error: new HttpError(503, url, 'Service Unavailable'),
      source: mirror,
      hasFilter: false,
      title: 'The local mirror failed to answer (HTTP 503).',
      detail: /Service Unavailable/,
    },
    {
      name: 'the mirror unreachable: say how to start it',
      error: new NetworkError(url),
      source: mirror,
      hasFilter: false,
      title: `Could not reach the local mirror (${MIRROR_API}).`,
      detail: /npm run mirror/,
    },
    {
      name: 'the public API unreachable: offline or a server failure',
      error: new NetworkError(url),
      source: publicApi,
      hasFilter: false,
      title: `Could not reach the public MRIQC Web API (${PUBLIC_API}).`,
      detail: /offline, or the server failed/,
    },
    {
      name: 'a timeout',
      error: new TimeoutError(url, 45000),
      source: publicApi,
      hasFilter: false,
      title: 'The public MRIQC Web API did not answer within 45 s.',
      detail: /narrow the query/,
    },
    {
      name: 'a body that lies',
      error: new InvalidResponseError('_items is missing'),
      source: describeSource('http://example.org/api/v1/'),
      hasFilter: false,
      title: 'The API at http://example.org/api/v1 answered, but not with API data.',
      detail: /_items is missing/,
    },
    {
      name: 'an answer too large to be a page',
      error: new AnswerTooLargeError(4 * 1024 * 1024),
      source: describeSource('http://example.org/api/v1/'),
      hasFilter: false,
      title:
        'The API at http://example.org/api/v1 answered with more than 4 MB for one page of records.',
      detail: /stopped reading it/,
    },
  ])('$name', ({ error, source, hasFilter, title, detail }) => {
    const message = describeCountError(error, source, hasFilter);
    expect(message.title).toBe(title);
    expect(message.detail).toMatch(detail);
  });

  it('says the browser is offline when it knows it has no network, for any source', () => {
    for (const source of [mirror, publicApi]) {
      const message = describeCountError(new NetworkError(url), source, false, false);
      expect(message.title).toBe(
        'You are offline: counting the matching records needs the network.',
      );
      expect(message.detail).toMatch(/saved in this browser open as usual/);
    }
    // Online, a lost connection is the server's (or the mirror's) doing.
    expect(describeCountError(new NetworkError(url), mirror, false, true).title).toBe(
      `Could not reach ${mirror.name} (${mirror.base}).`,
    );
  });

  it.each([
    new SchemeError('data:application/json,{}', 'data:'),
    new RedirectError(url, 'http://elsewhere/api/v1'),
  ])('a refused source ($kind) says why in its own words', (error) => {
    const source = describeSource(error.url);
    expect(describeCountError(error, source, false)).toEqual({ title: error.message });
  });
});

describe('filterStorageMessage', () => {
  const long = `{"snr_total": {"$in": [${Array.from({ length: 600 }, (_, i) => i).join(', ')}]}}`;
  it('says where a long filter is kept, and nothing for a short one', () => {
    expect(filterStorageMessage('{"size_x": 256}', null)).toEqual({});
    expect(filterStorageMessage(long, null).note).toMatch(/too long for the page address/);
    expect(filterStorageMessage(long, null).error).toBeUndefined();
  });

  it('says a filter the link names is loading, missing or unreadable', () => {
    expect(filterStorageMessage('', { state: 'loading' }).note).toMatch(/Reading the long/);
    expect(filterStorageMessage('', { state: 'missing' }).error).toBe(MISSING_FILTER);
    expect(
      filterStorageMessage('', { state: 'unreadable', reason: 'UnknownError: disk' }).error,
    ).toMatch(/could not be read \(UnknownError: disk\)/);
  });
});
