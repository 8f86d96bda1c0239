/**
 * Errors of the store, with stable `name`s so they survive the worker boundary as
 * `{name, message}` and the UI can say what to do. `toStoreError` is the one classifier of
 * what a write threw (IndexedDB, and the segment files where the store keeps them).
 */

/**
 * The browser could not save more data: its quota for this site, or the disk, is full. The
 * batch was rolled back; earlier data is kept (unless the browser dropped its whole database,
 * which StoreLostError reports).
 */
export class StoreQuotaError extends Error {
  override readonly name = 'StoreQuotaError';
  constructor(options?: { cause?: unknown }) {
    super(
      `The browser could not save more data (disk or storage full), so the last batch of ` +
        `records was not saved; everything saved before it is kept.${causeText(options?.cause)}`,
      options,
    );
  }
}

/**
 * A write failed and the browser then closed the database under us: Chromium does that after
 * an I/O error (a full disk), and may delete the site's whole database with it.
 */
export class StoreLostError extends Error {
  override readonly name = 'StoreLostError';
  constructor(options?: { cause?: unknown }) {
    super(
      `The browser could not save more data (disk or storage full) and closed its database; ` +
        `the datasets saved in this browser may be gone.${causeText(options?.cause)}`,
      options,
    );
  }
}

/** Any other failed write; the transaction was rolled back. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
}

/** Another tab (or worker) holds the dataset's lock: it is being downloaded or deleted there. */
export class DatasetBusyError extends Error {
  override readonly name = 'DatasetBusyError';
  constructor(readonly datasetKey: string) {
    super('This dataset is being downloaded in another tab of this browser.');
  }
}

/**
 * What writes throw when storage runs out. Chromium says QuotaExceededError only when its
 * quota check sees it coming; when the disk itself fills (its quota on a small disk is far
 * above the free space), LevelDB's I/O error surfaces as UnknownError or an aborted
 * transaction (AbortError), blob writes as DataError, and the next request on the connection
 * it then closes as InvalidStateError. Firefox has its own quota name; code 22 is the legacy
 * QUOTA_EXCEEDED_ERR.
 */
const STORAGE_FAULTS = new Set([
  'QuotaExceededError',
  'NS_ERROR_DOM_QUOTA_REACHED',
  'AbortError',
  'UnknownError',
  'DataError',
  'InvalidStateError',
]);

/**
 * Whether a write error means "no room to save" (see STORAGE_FAULTS).
 *
 * @example
 * isStorageFault(new DOMException('…', 'QuotaExceededError')) // true
 * isStorageFault(new TypeError('x')) // false
 */
export function isStorageFault(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return (typeof name === 'string' && STORAGE_FAULTS.has(name)) || code === 22;
}

/** Whether `error` is one of the store's write errors (toStoreError's output). */
export function isStoreWriteFailure(error: unknown): boolean {
  return (
    error instanceof StoreQuotaError ||
    error instanceof StoreWriteError ||
    error instanceof StoreLostError
  );
}

/**
 * Maps whatever a store write threw to one of the store's errors. `lost`: the browser closed
 * the connection meanwhile (idb's `terminated`), so the data may be gone, not kept.
 *
 * @example
 * toStoreError(new DOMException('IO error', 'UnknownError')) // StoreQuotaError
 * toStoreError(new DOMException('IO error', 'UnknownError'), { lost: true }) // StoreLostError
 */
export function toStoreError(error: unknown, options: { lost?: boolean } = {}): Error {
  if (error instanceof StoreLostError) return error;
  if (options.lost) {
    // The browser's own error, not our earlier wording of it (which said "kept").
    const own = error instanceof StoreQuotaError || error instanceof StoreWriteError;
    return new StoreLostError({ cause: own ? (error.cause ?? error) : error });
  }
  if (error instanceof StoreQuotaError || error instanceof StoreWriteError) return error;
  if (isStorageFault(error)) return new StoreQuotaError({ cause: error });
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return new StoreWriteError(`Saving to the browser's database failed (${name}: ${message})`, {
    cause: error,
  });
}

/** The browser's own words, kept for "Technical details". */
function causeText(cause: unknown): string {
  if (typeof cause !== 'object' || cause === null) return '';
  const { name, message } = cause as { name?: unknown; message?: unknown };
  if (typeof name !== 'string') return '';
  return ` (${name}${typeof message === 'string' && message ? `: ${message}` : ''})`;
}
