import { browserLocks, holdDatasetLock } from '../store/dataset-lock.ts';
import { openCrowdDb } from '../store/db.ts';
import { serveDownloads } from './download-handlers.ts';

/** Downloads run off the main thread; download-handlers.ts and run-job.ts do the work. */
serveDownloads(self, {
  openDb: openCrowdDb,
  fetchFn: (url: string, init: RequestInit) => fetch(url, init),
  // One writer per dataset across this browser's tabs.
  lock: (key: string) => holdDatasetLock(browserLocks(), key),
});
