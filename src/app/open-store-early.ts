import { canonicalQueryKey, parseQuery } from '../api/explorer-query.ts';
import { QUERY_DEFAULTS } from '../features/query/sources.ts';
import { sharedDb } from '../store/connection.ts';
import { datasetDir } from '../store/segment-files.ts';
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

// Meanwhile the segment readers start on the files the address's dataset read at its last
// opening (read-ahead.ts): which files hold its columns is known only once the database is open.
// A long filter the address names by reference is read later: no dataset to name yet.
const params = new URLSearchParams(window.location.search);
if (!params.get('whereRef') || params.get('where') !== null) {
  const key = canonicalQueryKey(parseQuery(window.location.search, QUERY_DEFAULTS));
  pageReaders()?.readAhead(datasetDir(key));
} else pageReaders();
