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
 * Turns a worker error into words for a researcher: the engine's messages name the failing
 * request's `_id` range, which is kept, but only under "Technical details".
 * @example describeDownloadError({name: 'HttpError', message: 'The server answered HTTP 400: bad'}).detail
 *   // 'The server said: bad'
 */
export function describeDownloadError(
  error: SerializedError,
  /** A stored job can continue: say Resume; otherwise Download starts again. */
  resumable = true,
): DownloadErrorText {
  const { name, message } = error;
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
  const status = Number(/HTTP (\d{3})/.exec(message)?.[1] ?? Number.NaN);
  const said =
    /the server said: "(.*)"\)/s.exec(message)?.[1] ??
    /^The server answered HTTP \d{3}: (.*)$/s.exec(message)?.[1];
  if (status >= 400 && status < 500 && status !== 429) {
    return {
      title: 'The server refused this query',
      detail: said ? `The server said: ${said}` : `It answered HTTP ${status}.`,
      hint: 'Change the query (often the field filter), then press Download.',
      technical: message,
    };
  }
  const attempts = /after (\d+) attempts/.exec(message)?.[1];
  const why = Number.isFinite(status)
    ? `HTTP ${status}${said ? `: ${said}` : ''}`
    : name === 'NetworkError' || /network error/i.test(message)
      ? 'no answer: the server or the network is down'
      : message;
  return {
    title: 'The download stopped',
    detail: attempts
      ? `A page of records still failed after ${attempts} attempts (${why}).`
      : `The server's answer could not be used (${why}).`,
    hint: `The server may be busy or down for maintenance: press ${again} in a few minutes.`,
    technical: message,
  };
}
