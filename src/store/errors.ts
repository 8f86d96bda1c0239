/**
 * Errors of the store, with stable `name`s so they survive the worker boundary as
 * `{name, message}` and the UI can say what to do.
 */

/** The browser refused to store more: the batch was rolled back, earlier data is kept. */
export class StoreQuotaError extends Error {
  override readonly name = 'StoreQuotaError';
  constructor(options?: { cause?: unknown }) {
    super(
      'Browser storage is full, so the last batch of records was not saved (everything ' +
        'saved before it is kept). Free space (delete datasets you no longer need, or allow ' +
        'this site more storage), then Resume.',
      options,
    );
  }
}

/** Any other failed write; the transaction was rolled back. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
}

/** Chromium/WebKit say QuotaExceededError (legacy code 22); Firefox has its own name. */
function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
}

/** Maps whatever IndexedDB threw to one of the store's errors. */
export function toStoreError(error: unknown): Error {
  if (error instanceof StoreQuotaError || error instanceof StoreWriteError) return error;
  if (isQuotaError(error)) return new StoreQuotaError({ cause: error });
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return new StoreWriteError(`Saving to the browser's database failed (${name}: ${message})`, {
    cause: error,
  });
}
