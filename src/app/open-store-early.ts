import { sharedDb } from '../store/connection.ts';
import { pageReaders } from '../store/segment-readers.ts';

/**
 * Imported first by main.tsx, so the app database starts opening before React and the rest of
 * the app are evaluated: the browser opens it in its own process, alongside the page's script
 * evaluation. A session's first open costs 24–313 ms on the 1M bench profile (it cost 2.3 s while
 * a compaction's undo log was left in LevelDB: see compaction.ts dropAppended).
 */
void sharedDb().catch(() => {
  // The connection module records the failure (the app says the database is unavailable) and
  // the next caller tries again.
});

// The segment reader workers load their script meanwhile, ready for the table's first reads.
pageReaders();
