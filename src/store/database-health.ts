/**
 * Whether the app's datasets are still what they were. Chromium deletes a site's whole
 * IndexedDB database after a write fails on a full disk (seen: a 60 MB disk, a complete T2w
 * dataset gone with the T1w download that filled it), and it can also come back with the older
 * datasets and without the one being written (seen in a CI run: the disk filled by another
 * program during a T1w download; after a reload the T2w dataset was there, the T1w download's
 * 50,736 records gone without a trace). Either way the app opened what was left and showed it
 * without a word.
 *
 * A marker outside IndexedDB (localStorage: a separate store that survives both) lists the
 * datasets that were saved; one the database no longer holds was lost, not deleted by the user
 * (a delete takes it off the list first). Pure: the marker's storage is passed in.
 */

/** The part of localStorage used. */
export interface MarkerStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SAVED_MARKER = 'crowdmri-explorer:datasets-saved';

/** What the marker keeps of a saved dataset: enough to name it once it is gone. */
export interface SavedDataset {
  key: string;
  modality: string;
  /** The query's URL parameters (to name it as the Datasets view does). */
  query: Readonly<Record<string, string>>;
  /** Records it held when last seen. */
  stored: number;
  complete: boolean;
  createdAt: number;
}

/**
 * What the app can say of its database.
 *
 * @example
 * { type: 'lost', whole: false, datasets: [{ key, modality: 'T1w', stored: 50736, … }] }
 */
export type DatabaseHealth =
  | { type: 'ok' }
  /**
   * Datasets the browser dropped: `whole` when nothing is left (`datasets` may then be empty,
   * for a marker written before datasets were listed in it).
   */
  | { type: 'lost'; whole: boolean; datasets: SavedDataset[] }
  | { type: 'unavailable'; message: string };

interface Marker {
  /** Written by an older version ("1"): datasets were saved, which ones unknown. */
  legacy: boolean;
  datasets: Record<string, SavedDataset>;
  /** Keys the user deleted, with when: a later look at an older list must not re-add them. */
  deleted: Record<string, number>;
}

/**
 * Reads the marker against the datasets the database holds now (listing those held, so a later
 * loss can be named), and says which listed ones are gone. The gone stay listed until the user
 * dismisses the notice, so every load says it.
 *
 * @example
 * checkDatabase(localStorage, []) // { type: 'lost', whole: true, datasets: [...] } after a loss
 */
export function checkDatabase(
  storage: MarkerStorage | null,
  held: readonly SavedDataset[],
): DatabaseHealth {
  const marker = read(storage);
  if (!marker) {
    if (held.length > 0) noteHeld(storage, held, empty());
    return { type: 'ok' };
  }
  const heldKeys = new Set(held.map((d) => d.key));
  const gone = Object.values(marker.datasets).filter((d) => !heldKeys.has(d.key));
  noteHeld(storage, held, marker);
  if (held.length === 0 && (marker.legacy || gone.length > 0)) {
    return { type: 'lost', whole: true, datasets: gone };
  }
  return gone.length > 0 ? { type: 'lost', whole: false, datasets: gone } : { type: 'ok' };
}

/**
 * Datasets the database holds now (a look at its list): listed with their counts. A dataset the
 * user deleted after that list was read is not listed again (unless it was downloaded anew).
 */
export function markSaved(storage: MarkerStorage | null, held: readonly SavedDataset[]): void {
  const marker = read(storage);
  if (marker) noteHeld(storage, held, marker);
  else if (held.length > 0) noteHeld(storage, held, empty());
}

/**
 * The user deleted `keys` (or dismissed the notice naming them, `deleted: false`): they are
 * expected to be absent from now on.
 */
export function forget(
  storage: MarkerStorage | null,
  keys: readonly string[],
  deleted = true,
  now = Date.now(),
) {
  const marker = read(storage);
  if (!marker) return;
  for (const key of keys) {
    delete marker.datasets[key];
    if (deleted) marker.deleted[key] = now;
  }
  // A list read before a delete is seconds old at most: older deletes need no guard.
  for (const [key, at] of Object.entries(marker.deleted)) {
    if (at < now - DELETE_GUARD_MS) delete marker.deleted[key];
  }
  if (!deleted) marker.legacy = false;
  write(storage, marker);
}

function noteHeld(storage: MarkerStorage | null, held: readonly SavedDataset[], marker: Marker) {
  let changed = false;
  if (marker.legacy && held.length > 0) {
    marker.legacy = false; // the list now says which were saved
    changed = true;
  }
  for (const dataset of held) {
    const deletedAt = marker.deleted[dataset.key];
    if (deletedAt !== undefined && dataset.createdAt <= deletedAt) continue;
    if (deletedAt !== undefined) delete marker.deleted[dataset.key];
    const before = marker.datasets[dataset.key];
    if (before && JSON.stringify(before) === JSON.stringify(dataset)) continue;
    marker.datasets[dataset.key] = { ...dataset };
    changed = true;
  }
  if (changed) write(storage, marker);
}

const DELETE_GUARD_MS = 60 * 60_000;

const empty = (): Marker => ({ legacy: false, datasets: {}, deleted: {} });

function read(storage: MarkerStorage | null): Marker | null {
  let text: string | null;
  try {
    text = storage?.getItem(SAVED_MARKER) ?? null;
  } catch {
    return null; // storage refused (private mode): the check says nothing, as before
  }
  if (text === null) return null;
  if (text === '1') return { ...empty(), legacy: true };
  try {
    const parsed = JSON.parse(text) as Partial<Marker>;
    return {
      legacy: parsed.legacy === true,
      datasets: isObject(parsed.datasets) ? parsed.datasets : {},
      deleted: isObject(parsed.deleted) ? parsed.deleted : {},
    };
  } catch {
    return { ...empty(), legacy: true }; // unreadable: datasets were saved, which ones unknown
  }
}

function write(storage: MarkerStorage | null, marker: Marker): void {
  try {
    const nothing = !marker.legacy && Object.keys(marker.datasets).length === 0;
    const deleted = Object.keys(marker.deleted).length > 0;
    if (nothing && !deleted) storage?.removeItem(SAVED_MARKER);
    else storage?.setItem(SAVED_MARKER, JSON.stringify(marker));
  } catch {
    // refused (full): the marker keeps its last value, and the next check may be wrong once
  }
}

function isObject<T>(value: unknown): value is Record<string, T> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
