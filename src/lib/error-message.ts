/**
 * What to tell a person about something thrown: an Error's message (its name when the message
 * is empty, e.g. a bare `DOMException('', 'AbortError')`), a plain `{message}` object's (errors
 * that crossed a worker boundary), else the value as text.
 *
 * @example
 * errorMessage(new TypeError('Failed to fetch')) // 'Failed to fetch'
 * errorMessage({ name: 'StoreQuotaError', message: 'Storage is full' }) // 'Storage is full'
 * errorMessage('boom') // 'boom'
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message !== '') return message;
  return String(error);
}
