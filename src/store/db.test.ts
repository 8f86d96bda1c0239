import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_VERSION, MIGRATIONS, openCrowdDb } from './db.ts';

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
});
