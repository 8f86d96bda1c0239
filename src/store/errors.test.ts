import { describe, expect, it } from 'vitest';
import { StoreLostError, StoreQuotaError, StoreWriteError, toStoreError } from './errors.ts';

const dom = (name: string, message = 'the browser said so') => new DOMException(message, name);

describe('toStoreError', () => {
  it.each([
    // Chromium's quota check saw it coming.
    [dom('QuotaExceededError'), StoreQuotaError],
    // Firefox's quota name; the legacy code 22.
    [{ name: 'NS_ERROR_DOM_QUOTA_REACHED', message: '' }, StoreQuotaError],
    [{ name: 'Error', code: 22, message: '' }, StoreQuotaError],
    // A full disk under Chromium's quota (seen on a 60 MB disk with a 1 GiB quota): LevelDB's
    // I/O error, the aborted transaction, a blob write, the closing connection.
    [
      dom('UnknownError', 'Connection is closing because of: IO error: …: No space left'),
      StoreQuotaError,
    ],
    [dom('AbortError'), StoreQuotaError],
    [dom('DataError', 'Failed to write blobs.'), StoreQuotaError],
    [dom('InvalidStateError', 'The database connection is closing.'), StoreQuotaError],
    // Not storage running out: a bug, a value that can't be stored.
    [dom('DataCloneError'), StoreWriteError],
    [dom('ConstraintError'), StoreWriteError],
    [new TypeError('x is undefined'), StoreWriteError],
    ['a string', StoreWriteError],
  ])('%s → %o', (thrown, kind) => {
    expect(toStoreError(thrown)).toBeInstanceOf(kind);
  });

  it('says storage, never the server, names what to keep, and keeps the browser words', () => {
    const error = toStoreError(dom('UnknownError', 'IO error: No space left on device'));
    expect(error.name).toBe('StoreQuotaError');
    expect(error.message).toMatch(/could not save more data \(disk or storage full\)/);
    expect(error.message).toMatch(/everything saved before it is kept/);
    expect(error.message).toContain('(UnknownError: IO error: No space left on device)');
    expect(error.message).not.toMatch(/server/i);
  });

  it('reports a write whose connection the browser closed as possibly lost, not kept', () => {
    const quota = toStoreError(dom('UnknownError'));
    const lost = toStoreError(quota, { lost: true });
    expect(lost).toBeInstanceOf(StoreLostError);
    expect(lost.message).toMatch(
      /closed its database; the datasets saved in this browser may be gone/,
    );
    expect(lost.message).not.toMatch(/kept/);
    expect(toStoreError(lost)).toBe(lost);
  });

  it('passes its own errors through unchanged', () => {
    const quota = new StoreQuotaError();
    const write = new StoreWriteError('x');
    expect(toStoreError(quota)).toBe(quota);
    expect(toStoreError(write)).toBe(write);
  });
});
