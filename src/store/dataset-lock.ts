/**
 * One writer per dataset, across tabs and workers: every download, refresh, delete and
 * compaction of a dataset runs holding its Web Lock (`navigator.locks`, available in windows
 * and workers of one origin). Two tabs racing on one dataset is how a Delete once emptied it
 * under a running download that then called itself complete.
 */
import { DatasetBusyError } from './errors.ts';

/**
 * The Web Lock a dataset's writers hold. Everyone who changes a dataset's records takes it.
 *
 * @example
 * datasetLockName('modality=T1w&source=…') // 'crowdmri:dataset:modality=T1w&source=…'
 */
export function datasetLockName(datasetKey: string): string {
  return `${LOCK_PREFIX}${datasetKey}`;
}

const LOCK_PREFIX = 'crowdmri:dataset:';

/**
 * The lock the compactor holds around its hold of the dataset's lock (taken first, let go
 * last): a writer that finds the dataset's lock taken tells by it (same holder of both) that
 * the compactor has it, not another tab's download, and waits for it to let go instead of
 * calling the dataset busy. The compactor lets go between columns once someone waits.
 */
export function compactionLockName(datasetKey: string): string {
  return `crowdmri:compacting:${datasetKey}`;
}

/** A lock as the LockManager's `query()` lists it (`clientId` names the tab or worker). */
export interface LockInfo {
  name?: string;
  clientId?: string;
}

/** The part of the browser's LockManager used here (a fake stands in for it in Node tests). */
export interface Locks {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; mode?: 'exclusive' | 'shared' },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>;
  query(): Promise<{ held?: ReadonlyArray<LockInfo>; pending?: ReadonlyArray<LockInfo> }>;
}

/**
 * `navigator.locks` of this window or worker, or undefined where the browser has none (an
 * insecure context: Web Locks need https or 127.0.0.1/localhost).
 */
export function browserLocks(): Locks | undefined {
  return (globalThis.navigator as { locks?: Locks } | undefined)?.locks;
}

/**
 * Runs `fn` holding the dataset's lock. `wait: false` (the default) throws DatasetBusyError at
 * once when another writer holds it — but waits for the compactor, which gives way between
 * columns; `wait: true` queues behind anyone. Without Web Locks the function runs unguarded
 * (one tab is then safe; several are not, and nothing can tell).
 *
 * @example
 * await withDatasetLock(browserLocks(), key, () => deleteDataset(db, key));
 * // DatasetBusyError while another tab downloads it
 */
export async function withDatasetLock<T>(
  locks: Locks | undefined,
  datasetKey: string,
  fn: () => Promise<T>,
  options: { wait?: boolean } = {},
): Promise<T> {
  if (!locks) return fn();
  const name = datasetLockName(datasetKey);
  const busy = Symbol('busy');
  const result = await locks.request<T | typeof busy>(
    name,
    { ifAvailable: !options.wait },
    (lock) => (lock === null ? busy : fn()),
  );
  if (result !== busy) return result as T;
  if (!(await compactorHolds(locks, datasetKey))) throw new DatasetBusyError(datasetKey);
  return locks.request(name, {}, () => fn());
}

/**
 * Whether the compactor holds the dataset's lock: the same holder has the compaction lock
 * (where the browser names holders; where it doesn't, the compaction lock being held).
 */
async function compactorHolds(locks: Locks, datasetKey: string): Promise<boolean> {
  const { held = [] } = await locks.query();
  const dataset = held.find((l) => l.name === datasetLockName(datasetKey));
  const compactor = held.find((l) => l.name === compactionLockName(datasetKey));
  return !!dataset && !!compactor && dataset.clientId === compactor.clientId;
}

/**
 * Keys of the datasets whose lock is held now, by anyone (this tab included).
 *
 * @example
 * (await lockedDatasetKeys(browserLocks())).has(key) // a download or delete of it is running
 */
export async function lockedDatasetKeys(locks: Locks | undefined): Promise<Set<string>> {
  const keys = new Set<string>();
  if (!locks) return keys;
  const { held = [] } = await locks.query();
  for (const { name } of held) {
    if (name?.startsWith(LOCK_PREFIX)) keys.add(name.slice(LOCK_PREFIX.length));
  }
  return keys;
}

/**
 * Takes the dataset's lock now and keeps it until the returned `release` is called: for a job
 * that spans a try/finally. Rejects with DatasetBusyError when someone else holds it. Without
 * Web Locks it holds nothing (see withDatasetLock).
 *
 * @example
 * const release = await holdDatasetLock(browserLocks(), key);
 * try { await download(); } finally { release(); }
 */
export function holdDatasetLock(locks: Locks | undefined, datasetKey: string): Promise<() => void> {
  if (!locks) return Promise.resolve(() => {});
  return new Promise((resolve, reject) => {
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    withDatasetLock(locks, datasetKey, () => {
      resolve(release);
      return held;
    }).catch(reject);
  });
}
