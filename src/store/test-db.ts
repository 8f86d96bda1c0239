import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, beforeEach } from 'vitest';
import { type CrowdDatabase, openCrowdDb } from './db.ts';

/**
 * Test support: a fresh fake-indexeddb database per test, deleted afterwards (as idb's own
 * test/utils.ts does). Import only from *.test.ts files.
 */
export function setupTestDb(name = 'crowdmri-test'): {
  db: () => CrowdDatabase;
  reopen: () => Promise<CrowdDatabase>;
} {
  let current: CrowdDatabase | undefined;
  const opened: CrowdDatabase[] = [];
  beforeEach(async () => {
    await deleteDB(name);
    current = await openCrowdDb(name);
    opened.push(current);
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) db.close();
    await deleteDB(name);
  });
  return {
    db: () => {
      if (!current) throw new Error('setupTestDb: no database outside a test');
      return current;
    },
    /** A second connection, as a reloaded tab or a fresh worker would open. */
    reopen: async () => {
      const db = await openCrowdDb(name);
      opened.push(db);
      return db;
    },
  };
}
