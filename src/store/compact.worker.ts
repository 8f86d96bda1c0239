import { serializeError } from '../api/errors.ts';
import type { FromCompactor, ToCompactor } from './compaction-protocol.ts';
import { createCompactionQueue } from './compaction-queue.ts';
import { orphanedKeys } from './datasets.ts';
import { openCrowdDb } from './db.ts';

/** Thin onmessage switch: compaction-queue.ts and compaction.ts do the work. */
const post = (message: FromCompactor) => self.postMessage(message);
const db = openCrowdDb();
const queue = createCompactionQueue(() => db, {
  started: (key) => post({ type: 'started', key }),
  finished: (key, result) => post({ type: 'finished', key, result }),
  failed: (key, error) => post({ type: 'failed', key, error: serializeError(error) }),
});

// Deletes cut short (a tab closed, a browser killed) left records no dataset names: each such
// key is compacted like any other, which removes them (compaction.ts sweepDataset), once a start.
void db
  .then(orphanedKeys)
  .then((keys) => {
    for (const key of keys) queue.add(key);
  })
  .catch(() => {});

self.onmessage = ({ data }: MessageEvent<ToCompactor>) => {
  if (data?.type === 'compact') queue.add(data.key, data.force);
};
