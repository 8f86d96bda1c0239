import { sharedDb } from '../store/connection.ts';

/**
 * Imported first by main.tsx, so the app database starts opening before React and the rest of
 * the app are evaluated. The first open of IndexedDB in a browser session is slow on an origin
 * that has stored a big download: 2.3–2.8 s on the 1M bench profile, whose LevelDB keeps
 * 461 MB of the chunk data the compactor moved to origin-private files (12–160 ms on a fresh
 * profile, any database name, even after deleteDatabase). The browser does that work in its
 * own process, alongside the page's script evaluation.
 */
void sharedDb().catch(() => {
  // The connection module records the failure (the app says the database is unavailable) and
  // the next caller tries again.
});
