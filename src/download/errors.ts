/**
 * Errors the engine raises itself. Their `name`s cross the worker boundary (`{name, message}`),
 * and none is retryable (classifyError sees an unknown name as fatal).
 */

/** The server's answers contradict the plan (page size changed, a range did not advance). */
export class PlanMismatchError extends Error {
  override readonly name = 'PlanMismatchError';
}

/** A page still failed after its retries, or failed in a way retrying cannot fix (a 4xx). */
export class PageFailedError extends Error {
  override readonly name = 'PageFailedError';
}

/** Text for a page that failed for good: the server's own message when it sent one. */
export function describeFailure(what: string, error: unknown, attempts: number): string {
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    status?: number;
    serverMessage?: string;
  };
  const status = typeof e.status === 'number' ? `HTTP ${e.status}` : (e.name ?? 'Error');
  const said = e.serverMessage ? `the server said: "${e.serverMessage}"` : (e.message ?? '');
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return `Download stopped: ${what} failed${tries} (${status}${said ? `; ${said}` : ''}). Records already saved are kept.`;
}
