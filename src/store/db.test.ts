import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { deleteDB, openDB, unwrap } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DB_VERSION, MIGRATIONS, openCrowdDb, wasClosedByBrowser } from './db.ts';

const name = 'crowdmri-db-test';
afterEach(() => deleteDB(name));

describe('openCrowdDb', () => {
  it('creates every store at the current version', async () => {
    const db = await openCrowdDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(MIGRATIONS.length);
    expect([...db.objectStoreNames].sort()).toEqual([
      'chunks',
      'columns',
      'datasets',
      'files',
      'filters',
      'jobs',
      'segments',
    ]);
    db.close();
  });

  it('reopens an existing database without re-running its migrations', async () => {
    // A database a browser created earlier, holding data.
    const old = await openDB(name, 1, {
      upgrade: (db) => MIGRATIONS[0]?.(db as never, undefined as never),
    });
    await old.put('datasets', { key: 'k' });
    old.close();
    const db = await openCrowdDb(name);
    expect(await db.get('datasets', 'k')).toEqual({ key: 'k' });
    db.close();
  });

  it('closes itself when a newer version elsewhere needs to upgrade', async () => {
    const db = await openCrowdDb(name);
    const newer = await openDB(name, DB_VERSION + 1);
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    db.close();
  });

  it('knows when the browser closed the connection under it (a full disk, a deleted database)', async () => {
    let told = 0;
    const db = await openCrowdDb(name, { onTerminated: () => told++ });
    expect(wasClosedByBrowser(db)).toBe(false);
    const busy = db.transaction('datasets').store.get('x'); // a transaction still running
    forceCloseDatabase(unwrap(db) as never); // its types say `typeof FDBDatabase`; it takes a db
    // Closing, not yet closed (its `close` event waits for that transaction): already known.
    expect(told).toBe(0);
    expect(wasClosedByBrowser(db)).toBe(true);
    await busy.catch(() => {});
    await vi.waitFor(() => expect(told).toBe(1));
    expect(wasClosedByBrowser(db)).toBe(true);
    // The next write fails as Chromium's does then: a storage fault, not a server's.
    const error = await db.put('datasets', { key: 'k' } as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidStateError' });
  });
});
