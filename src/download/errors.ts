import { HttpError } from '../api/errors.ts';

/**
 * Errors the engine raises itself. Their `name`s cross the worker boundary (serializeError), and
 * none is retryable: they are not src/api errors, so classifyError sees them as fatal.
 */

/** The server's answers contradict the plan (page size changed, a range did not advance). */
export class PlanMismatchError extends Error {
  override readonly name = 'PlanMismatchError';
}

/** A page still failed after its retries, or failed in a way retrying cannot fix (a 4xx). */
export class PageFailedError extends Error {
  override readonly name = 'PageFailedError';
}

/**
 * Text for a page that failed for good, for "Technical details": the server's own message when
 * it sent one. (The UI words the failure from the cause's kind and status, not from this text.)
 */
export function describeFailure(what: string, error: unknown, attempts: number): string {
  const e = error instanceof Error ? error : new Error(String(error));
  const status = e instanceof HttpError ? `HTTP ${e.status}` : e.name;
  const said =
    e instanceof HttpError && e.serverMessage ? `the server said: "${e.serverMessage}"` : e.message;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return `Download stopped: ${what} failed${tries} (${status}${said ? `; ${said}` : ''}). Records already saved are kept.`;
}
