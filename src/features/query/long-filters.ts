import { filterRef } from '../../api/filter-ref.ts';
import { errorMessage } from '../../lib/error-message.ts';
import { sharedDb } from '../../store/connection.ts';
import { getFilter, saveFilter } from '../../store/filters.ts';

/**
 * The page's long field filters (too long for the address; see api/filter-ref.ts), by reference:
 * the ones typed in this visit and the ones read back from the database. Reading the URL stays
 * synchronous (parseQuery looks a reference up here); the database is read once per reference.
 */
export type LongFilter =
  | { state: 'found'; where: string }
  | { state: 'loading' }
  | { state: 'missing' }
  | { state: 'unreadable'; reason: string };

/** Typing in a long filter remembers a new one per keystroke: only the last is written. */
const SAVE_AFTER_MS = 300;

let held: ReadonlyMap<string, LongFilter> = new Map();
const listeners = new Set<() => void>();
let unsaved: { ref: string; where: string } | null = null;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

function set(ref: string, entry: LongFilter | null): void {
  const next = new Map(held);
  if (entry) next.set(ref, entry);
  else next.delete(ref);
  held = next;
  for (const listener of listeners) listener();
}

export function subscribeLongFilters(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** An immutable snapshot, replaced on every change (for useSyncExternalStore). */
export function readLongFilters(): ReadonlyMap<string, LongFilter> {
  return held;
}

/** parseQuery's lookup over a snapshot. */
export function lookupIn(filters: ReadonlyMap<string, LongFilter>) {
  return (ref: string): string | undefined => {
    const entry = filters.get(ref);
    return entry?.state === 'found' ? entry.where : undefined;
  };
}

/**
 * Keeps a long filter for this visit at once and in the database shortly after; returns the
 * reference the address carries.
 */
export function rememberLongFilter(where: string): string {
  const ref = filterRef(where);
  if (held.get(ref)?.state === 'found') return ref;
  // The previous unsaved filter was a keystroke ago, and the address no longer names it.
  if (unsaved) set(unsaved.ref, null);
  set(ref, { state: 'found', where });
  unsaved = { ref, where };
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void saveUnsaved(), SAVE_AFTER_MS);
  return ref;
}

/** Writes the last remembered filter now (also before the page goes away). */
export async function saveUnsaved(): Promise<void> {
  clearTimeout(saveTimer);
  const pending = unsaved;
  unsaved = null;
  if (!pending) return;
  try {
    await saveFilter(await sharedDb(), { ...pending, savedAt: Date.now() });
  } catch {
    // This visit still has it; a reload will say the filter is missing rather than lose the page.
  }
}

/** Reads a reference the address names, once; `found`, `missing` or `unreadable` after. */
export async function loadLongFilter(ref: string): Promise<void> {
  if (held.has(ref)) return;
  set(ref, { state: 'loading' });
  try {
    const where = await getFilter(await sharedDb(), ref);
    set(ref, where === undefined ? { state: 'missing' } : { state: 'found', where });
  } catch (error) {
    set(ref, {
      state: 'unreadable',
      reason: errorMessage(error),
    });
  }
}

/** The long filter a page address names, read before the app's first render (main.tsx). */
export function loadLongFilterOf(search: string): Promise<void> {
  const params = new URLSearchParams(search);
  const ref = params.get('whereRef')?.trim();
  return ref && params.get('where') === null ? loadLongFilter(ref) : Promise.resolve();
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => void saveUnsaved());
}
