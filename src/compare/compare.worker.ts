import { type CrowdDatabase, openCrowdDb } from '../store/db.ts';
import { serveWorker } from '../worker-port/serve-worker.ts';
import { compareCrowd } from './compare-crowd.ts';
import type { CompareApi } from './compare-protocol.ts';
import { readGroupFile } from './read-group-file.ts';

/** Parses the user's file and measures it against the crowd, off the main thread. */
let db: Promise<CrowdDatabase> | null = null;

serveWorker<CompareApi>(self, {
  parse: async ({ file }, call) => {
    const result = await readGroupFile(file);
    if (result.type === 'ok') call.transferResult(result.values.map((v) => v.buffer));
    return result;
  },
  crowd: async (request, call) => {
    db ??= openCrowdDb();
    return compareCrowd(await db, request, call);
  },
});
