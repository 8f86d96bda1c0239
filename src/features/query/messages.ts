import { AnswerTooLargeError, describeLimit } from '../../api/bounded-body.ts';
import {
  HttpError,
  InvalidResponseError,
  NetworkError,
  RedirectError,
  SchemeError,
  TimeoutError,
} from '../../api/errors.ts';
import { isLongFilter, MISSING_FILTER } from '../../api/explorer-query.ts';
import { errorMessage } from '../../lib/error-message.ts';
import type { LongFilter } from './long-filters.ts';
import type { SourceInfo } from './sources.ts';

/** What a probe of one source found. */
export type SourceStatus =
  /** Not asked in this visit: only the chosen source is probed until the user looks at the others. */
  | { type: 'unchecked' }
  | { type: 'checking' }
  | { type: 'answering'; total: number }
  | { type: 'unreachable'; reason: string }
  | { type: 'error'; reason: string };

const COUNT = new Intl.NumberFormat('en-US');

/** @example formatCount(1234567) // '1,234,567' */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/**
 * @example matchSentence(3000) // '3,000 records match'
 */
export function matchSentence(total: number): string {
  if (total === 0) return 'No records match';
  return total === 1 ? '1 record matches' : `${formatCount(total)} records match`;
}

/**
 * Sorts a probe failure into "unreachable" (no answer at all) or "error" (it answered wrongly).
 * @example toSourceStatus({status: 'error', error: new TimeoutError(url, 6000)})
 *   // {type: 'unreachable', reason: 'no answer within 6 s'}
 */
export function toSourceStatus(probe: {
  status: 'pending' | 'success' | 'error';
  data?: number;
  error?: unknown;
}): SourceStatus {
  if (probe.status === 'pending') return { type: 'checking' };
  if (probe.status === 'success') return { type: 'answering', total: probe.data ?? 0 };
  const { error } = probe;
  if (error instanceof TimeoutError) {
    return { type: 'unreachable', reason: `no answer within ${error.timeoutMs / 1000} s` };
  }
  if (error instanceof NetworkError) return { type: 'unreachable', reason: 'no connection' };
  if (error instanceof HttpError) {
    return {
      type: 'error',
      reason: `HTTP ${error.status}${error.serverMessage ? `: ${error.serverMessage}` : ''}`,
    };
  }
  if (error instanceof InvalidResponseError)
    return { type: 'error', reason: 'its answer is not API data' };
  if (error instanceof AnswerTooLargeError) {
    return {
      type: 'error',
      reason: `answer too large: over ${describeLimit(error.limitBytes)} for one record, so it was not read`,
    };
  }
  if (error instanceof SchemeError) return { type: 'error', reason: 'not an http(s) address' };
  if (error instanceof RedirectError) {
    return { type: 'error', reason: `it redirects to another site, ${error.location}` };
  }
  return { type: 'error', reason: errorMessage(error) };
}

/** @example describeStatus({type: 'answering', total: 3000}, 'T1w') // 'answering · 3,000 T1w records' */
export function describeStatus(status: SourceStatus, modality: string): string {
  switch (status.type) {
    case 'unchecked':
      return 'not checked · open the list or press “Check again”';
    case 'checking':
      return 'checking…';
    case 'answering':
      return `answering · ${formatCount(status.total)} ${modality} ${status.total === 1 ? 'record' : 'records'}`;
    case 'unreachable':
      return `unreachable · ${status.reason}`;
    case 'error':
      return `error · ${status.reason}`;
  }
}

const OPERATOR_HINT =
  'Check the field filter: the API accepts MongoDB operators such as $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $and, $or and $not, but not $regex or $where.';

/**
 * Plain-language explanation of a failed count, for someone who has never heard of HTTP.
 * @example describeCountError(new NetworkError(url), mirror, false).title
 *   // 'Could not reach the local mirror (http://127.0.0.1:5174/api/v1).'
 */
export function describeCountError(
  error: unknown,
  source: SourceInfo,
  hasFilter: boolean,
  /** navigator.onLine: false means the browser knows it has no network (the app opened offline). */
  online = true,
): { title: string; detail?: string } {
  const where = source.kind === 'custom' ? source.name : `${source.name} (${source.base})`;
  // Refused without asking (not http(s)) or refused after a redirect: the message says it all.
  if (error instanceof SchemeError || error instanceof RedirectError)
    return { title: error.message };
  if (error instanceof HttpError && error.status >= 400 && error.status < 500) {
    return {
      title: `The server refused this query: ${error.serverMessage ?? `HTTP ${error.status}`}`,
      detail: hasFilter && error.status === 400 ? OPERATOR_HINT : `HTTP ${error.status}.`,
    };
  }
  if (error instanceof HttpError) {
    return {
      title: `${capitalise(source.name)} failed to answer (HTTP ${error.status}).`,
      detail: error.serverMessage ?? 'The server may be busy: try again in a minute.',
    };
  }
  if (error instanceof NetworkError && !online) {
    return {
      title: 'You are offline: counting the matching records needs the network.',
      detail: 'The datasets saved in this browser open as usual below.',
    };
  }
  if (error instanceof NetworkError) {
    return {
      title: `Could not reach ${where}.`,
      detail:
        source.kind === 'mirror'
          ? 'Is the mirror running? Start it with "npm run mirror".'
          : 'This computer may be offline, or the server failed: its errors reach the browser as a lost connection. Try again later, or use the local mirror.',
    };
  }
  if (error instanceof TimeoutError) {
    return {
      title: `${capitalise(source.name)} did not answer within ${error.timeoutMs / 1000} s.`,
      detail: 'Broad filters can be slow on the public API: try again, or narrow the query.',
    };
  }
  if (error instanceof AnswerTooLargeError) {
    return {
      title: `${capitalise(source.name)} answered with more than ${describeLimit(error.limitBytes)} for one page of records.`,
      detail:
        'The app stopped reading it: an MRIQC Web API page is far smaller. Check that the source is the MRIQC Web API.',
    };
  }
  if (error instanceof InvalidResponseError) {
    return {
      title: `${capitalise(source.name)} answered, but not with API data.`,
      detail: error.message,
    };
  }
  return {
    title: 'Something went wrong.',
    detail: errorMessage(error),
  };
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What to say under the field filter about where it is kept: a long filter lives in this
 * browser, not in the address; one the address names may be loading, or not here at all.
 * @example filterStorageMessage('', {state: 'missing'}).error // 'This link names a long field filter …'
 */
export function filterStorageMessage(
  where: string,
  longFilter: LongFilter | null,
): { error?: string; note?: string } {
  if (longFilter?.state === 'loading') {
    return { note: "Reading the long field filter this link names from this browser's storage…" };
  }
  if (longFilter?.state === 'missing') return { error: MISSING_FILTER };
  if (longFilter?.state === 'unreadable') {
    return {
      error: `This link names a long field filter kept in this browser's storage, and the storage could not be read (${longFilter.reason}). Paste the filter itself into the box.`,
    };
  }
  if (isLongFilter(where)) {
    return {
      note: 'This filter is too long for the page address: the address names it (whereRef=…) and this browser keeps the text. A link to this page brings the filter along only in this browser.',
    };
  }
  return {};
}
