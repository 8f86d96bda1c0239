/**
 * Whether the app's database is still what it was: Chromium deletes a site's whole IndexedDB
 * database after a write fails on a full disk (seen: a 60 MB disk, a complete T2w dataset gone
 * with the T1w download that filled it), and the app then opened an empty one and showed an
 * empty app without a word. A marker outside IndexedDB (localStorage: a separate store that
 * survives that) says datasets were saved; an empty database under that marker was lost, not
 * emptied by the user (deleting the last dataset clears the marker). Pure: the marker's
 * storage is passed in.
 */

/** The part of localStorage used. */
export interface MarkerStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SAVED_MARKER = 'crowdmri-explorer:datasets-saved';

/**
 * What the app can say of its database.
 *
 * @example
 * { type: 'lost' } // it was there, holding datasets; the browser deleted it
 */
export type DatabaseHealth =
  | { type: 'ok' }
  | { type: 'lost' }
  | { type: 'unavailable'; message: string };

/**
 * Reads the marker against the datasets the database holds now, and keeps the marker true:
 * set while any dataset is held, never cleared here (only deleteLeft does that).
 *
 * @example
 * checkDatabase(localStorage, 0) // { type: 'lost' } when datasets were saved before
 */
export function checkDatabase(storage: MarkerStorage | null, datasets: number): DatabaseHealth {
  if (datasets > 0) {
    markSaved(storage);
    return { type: 'ok' };
  }
  return read(storage) ? { type: 'lost' } : { type: 'ok' };
}

/** Records were committed: from now on an empty database means a lost one. */
export function markSaved(storage: MarkerStorage | null): void {
  try {
    if (storage && !read(storage)) storage.setItem(SAVED_MARKER, '1');
  } catch {
    // storage refused (private mode, full): the check then says nothing, as before
  }
}

/**
 * The user deleted datasets, leaving `remaining`; or dismissed the "lost" notice (0): an empty
 * database is then expected.
 */
export function deleteLeft(storage: MarkerStorage | null, remaining: number): void {
  if (remaining > 0) return;
  try {
    storage?.removeItem(SAVED_MARKER);
  } catch {
    // nothing to do: the marker stays, and the next check may say "lost" wrongly once
  }
}

function read(storage: MarkerStorage | null): boolean {
  try {
    return storage?.getItem(SAVED_MARKER) === '1';
  } catch {
    return false;
  }
}
