/**
 * Test support: makes fake-indexeddb `put`s on one object store fail, the way a browser does.
 * `async` fails the request when it runs (as Chromium reports QuotaExceededError: the
 * request's error aborts the transaction); `sync` throws from `put()` itself.
 * Returns a function that restores normal behaviour. Import only from *.test.ts files.
 */
export function failPuts(
  storeName: string,
  options: { skip?: number; mode?: 'async' | 'sync'; error?: () => Error } = {},
): () => void {
  const { skip = 0, mode = 'async' } = options;
  const makeError =
    options.error ?? (() => new DOMException('Quota exceeded', 'QuotaExceededError'));
  const proto = IDBObjectStore.prototype as unknown as {
    put: (this: FakeStore, ...args: unknown[]) => unknown;
  };
  const original = proto.put;
  let seen = 0;
  proto.put = function (this: FakeStore, ...args: unknown[]) {
    if (this.name !== storeName || seen++ < skip) return original.apply(this, args);
    if (mode === 'sync') throw makeError();
    const raw = this._rawObjectStore;
    const storeRecord = raw.storeRecord;
    raw.storeRecord = () => {
      throw makeError();
    };
    try {
      return original.apply(this, args);
    } finally {
      raw.storeRecord = storeRecord;
    }
  };
  return () => {
    proto.put = original;
  };
}

interface FakeStore {
  name: string;
  _rawObjectStore: { storeRecord: (...args: unknown[]) => unknown };
}
