import { checkDatabase, type DatabaseHealth, deleteLeft, markSaved } from './database-health.ts';
import { type CrowdDatabase, openCrowdDb } from './db.ts';

let shared: Promise<CrowdDatabase> | null = null;
let health: DatabaseHealth = { type: 'ok' };
const listeners = new Set<() => void>();

/** The page's one connection to the app database (the worker opens its own). */
export function sharedDb(): Promise<CrowdDatabase> {
  shared ??= openChecked();
  shared.catch(() => {
    shared = null; // let the next caller try again (e.g. after the user freed a blocked upgrade)
  });
  return shared;
}

async function openChecked(): Promise<CrowdDatabase> {
  try {
    const db = await openCrowdDb(undefined, {
      // The browser closed it (a failed write on a full disk, the database deleted): open
      // afresh and look at what is left.
      onTerminated: () => {
        shared = null;
        void sharedDb().catch(() => {});
      },
    });
    setHealth(checkDatabase(markerStorage(), await db.count('datasets')));
    return db;
  } catch (error) {
    const { name, message } = (error ?? {}) as { name?: string; message?: string };
    setHealth({ type: 'unavailable', message: `${name}: ${message}` });
    throw error;
  }
}

/** What the app can say of its database now (see database-health.ts). */
export function databaseHealth(): DatabaseHealth {
  return health;
}

export function subscribeDatabaseHealth(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Looks again (after a run failed on storage): the browser may have dropped the database. */
export async function recheckDatabase(): Promise<void> {
  try {
    const db = await sharedDb();
    setHealth(checkDatabase(markerStorage(), await db.count('datasets')));
  } catch {
    shared = null; // a connection the browser is closing: the next open checks
    await sharedDb().catch(() => {});
  }
}

/** `records` are stored (committed): an empty database from now on was lost, not emptied. */
export function noteRecordsStored(records: number): void {
  if (records > 0) markSaved(markerStorage());
}

/** The user deleted datasets (leaving `remaining`), or dismissed the "lost" notice. */
export function noteDeleted(remaining: number): void {
  deleteLeft(markerStorage(), remaining);
  if (remaining === 0 && health.type === 'lost') setHealth({ type: 'ok' });
}

function setHealth(next: DatabaseHealth): void {
  if (JSON.stringify(next) === JSON.stringify(health)) return;
  health = next;
  for (const listener of listeners) listener();
}

function markerStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled: reading localStorage itself throws
  }
}
