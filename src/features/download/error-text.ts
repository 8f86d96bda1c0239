import type { SerializedError } from '../../download/protocol.ts';

export interface DownloadErrorText {
  title: string;
  /** What happened, in plain words (the server's own message when it sent one). */
  detail: string;
  /** What to do next. */
  hint: string;
  /** The engine's full message (request, attempts), for a "Technical details" disclosure. */
  technical: string | null;
}

/**
 * Turns a worker error into words for a researcher, by the `kind` and `status` an API failure
 * carries as data: the engine's messages name the failing request's `_id` range, which is kept,
 * but only under "Technical details".
 * @example describeDownloadError({name: 'HttpError', kind: 'http', status: 400, serverMessage: 'bad',
 *   message: 'The server answered HTTP 400: bad'}).detail // 'The server said: bad'
 */
export function describeDownloadError(
  error: SerializedError,
  /** A stored job can continue: say Resume; otherwise Download starts again. */
  resumable = true,
  /** navigator.onLine: false means the browser knows it has no network. */
  online = true,
): DownloadErrorText {
  const { name, message, kind, status, serverMessage } = error;
  const again = resumable ? 'Resume' : 'Download';
  if (name === 'StoreQuotaError') {
    return {
      title: 'The browser could not save more data',
      detail:
        "The disk or this site's storage is full, so the last batch of records was not saved; " +
        'everything saved before it is kept.',
      hint: `Free space (delete datasets you no longer need in the Datasets tab, or free disk space on this computer), then press ${again}.`,
      technical: message,
    };
  }
  if (name === 'StoreLostError') {
    return {
      title: 'The browser could not save more data, and closed its database',
      detail:
        'The disk is probably full. After such a failure the browser may delete the whole ' +
        'database of this site: the datasets saved in this browser may be gone.',
      hint: 'Free disk space on this computer, then reload this page and download what you need again.',
      technical: message,
    };
  }
  if (name === 'DatasetBusyError') {
    return {
      title: 'Downloading in another tab',
      detail: message,
      hint: 'Pause it in that tab to continue it here, or let it finish.',
      technical: null,
    };
  }
  if (kind === 'scheme' || kind === 'redirect') {
    return {
      title: kind === 'scheme' ? 'This source cannot be used' : 'The source sent the app elsewhere',
      detail: message,
      hint: 'Choose the public MRIQC Web API or the local mirror under "Data source", or another http(s) API address. Nothing was saved from this source.',
      technical: null,
    };
  }
  if (kind === 'http' && status !== undefined && status >= 400 && status < 500 && status !== 429) {
    return {
      title: 'The server refused this query',
      detail: serverMessage ? `The server said: ${serverMessage}` : `It answered HTTP ${status}.`,
      hint: 'Change the query (often the field filter), then press Download.',
      technical: message,
    };
  }
  if (kind === 'network' && !online) {
    return {
      title: 'You are offline',
      detail: 'This browser has no network connection, so no records could be fetched.',
      hint: `Reconnect, then press ${again}. The datasets saved in this browser open as usual meanwhile.`,
      technical: message,
    };
  }
  const attempts = /after (\d+) attempts/.exec(message)?.[1];
  const why = reason(error);
  return {
    title: kind === 'network' && !attempts ? 'Could not reach the server' : 'The download stopped',
    detail: attempts
      ? `A page of records still failed after ${attempts} attempts (${why}).`
      : `The request failed (${why}).`,
    hint: `The server may be busy or down for maintenance: press ${again} in a few minutes.`,
    technical: message,
  };
}

function reason({ kind, status, serverMessage, message }: SerializedError): string {
  switch (kind) {
    case 'http':
      return `HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}`;
    case 'network':
      return 'no answer: the server or the network is down';
    case 'timeout':
      return 'the server did not answer in time, or stopped sending';
    case 'invalid':
      return 'its answer is not API data';
    default:
      return message;
  }
}
