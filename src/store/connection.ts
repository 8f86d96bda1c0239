import {
  checkDatabase,
  type DatabaseHealth,
  forget,
  markSaved,
  type SavedDataset,
} from './database-health.ts';
import { type DatasetRecord, listDatasets } from './datasets.ts';
import { type CrowdDatabase, openCrowdDb } from './db.ts';

interface Connection {
  /** Open, the datasets not looked at yet. */
  opened: Promise<CrowdDatabase>;
  /** Open, and its health checked against the marker. */
  checked: Promise<CrowdDatabase>;
}

let shared: Connection | null = null;
let health: DatabaseHealth = { type: 'ok' };
const listeners = new Set<() => void>();

/** The page's one connection to the app database (the worker opens its own). */
export function sharedDb(): Promise<CrowdDatabase> {
  return connection().checked;
}

/**
 * The same connection as soon as the browser has opened it, before sharedDb's health check
 * (listing the datasets): for reads of a stored dataset only, so a table's first reads need
 * not wait that round trip. Anything that writes waits for sharedDb: a run that marked its
 * dataset saved before the check listed the datasets would be reported lost.
 */
export function readableDb(): Promise<CrowdDatabase> {
  return connection().opened;
}

function connection(): Connection {
  if (shared) return shared;
  const opened = openCrowdDb(undefined, {
    // The browser closed it (a failed write on a full disk, the database deleted): open
    // afresh and look at what is left.
    onTerminated: () => {
      shared = null;
      void sharedDb().catch(() => {});
    },
  });
  const current: Connection = { opened, checked: checked(opened) };
  shared = current;
  current.checked.catch(() => {
    // let the next caller try again (e.g. after the user freed a blocked upgrade)
    if (shared === current) shared = null;
  });
  return current;
}

async function checked(opened: Promise<CrowdDatabase>): Promise<CrowdDatabase> {
  try {
    const db = await opened;
    setHealth(checkDatabase(markerStorage(), await heldDatasets(db)));
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
    setHealth(checkDatabase(markerStorage(), await heldDatasets(db)));
  } catch {
    shared = null; // a connection the browser is closing: the next open checks
    await sharedDb().catch(() => {});
  }
}

/** The datasets held now (a look at the list): a later loss of one of them can be named. */
export function noteDatasetsHeld(datasets: readonly DatasetRecord[]): void {
  markSaved(markerStorage(), datasets.filter((d) => d.stored > 0).map(savedDataset));
}

/**
 * A run of this tab began saving records of `dataset` (`stored` held so far): from now on its
 * absence is a loss, even before the next look at the list (a disk can fill seconds after the
 * start).
 */
export function noteRunSaving(
  dataset: Pick<SavedDataset, 'key' | 'modality' | 'query'>,
  stored: number,
): void {
  const { key, modality, query } = dataset;
  markSaved(markerStorage(), [
    { key, modality, query, stored, complete: false, createdAt: Date.now() },
  ]);
}

/** The user deleted the dataset `key`: its absence from now on is no loss. */
export function noteDeleted(key: string): void {
  forget(markerStorage(), [key]);
  if (health.type !== 'lost') return;
  const datasets = health.datasets.filter((d) => d.key !== key);
  setHealth(datasets.length > 0 || health.whole ? { ...health, datasets } : { type: 'ok' });
}

/** The user read the notice of lost datasets: it is not shown again. */
export function dismissLost(): void {
  if (health.type !== 'lost') return;
  forget(
    markerStorage(),
    health.datasets.map((d) => d.key),
    false,
  );
  setHealth({ type: 'ok' });
}

async function heldDatasets(db: CrowdDatabase): Promise<SavedDataset[]> {
  return (await listDatasets(db)).map(savedDataset);
}

function savedDataset(d: DatasetRecord): SavedDataset {
  const { key, modality, query, stored, complete, createdAt } = d;
  return { key, modality, query, stored, complete, createdAt };
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
