import { serveWorker } from '../worker-port/serve-worker.ts';
import { dedupPartsBuffers, readDedupParts } from './dedup-files.ts';
import { opfsFiles, opfsRoot } from './segment-files.ts';
import type { SegmentReaderApi } from './segment-reader-api.ts';

/**
 * Reads origin-private files, whole or a byte range (segment-files.ts `read`, `readRange`), and
 * moves their bytes to the page; a stored dedup index it also works out here (a pass over every
 * row the page's main thread would otherwise make during a table's first render).
 */
const root = opfsRoot();
const files = root ? opfsFiles(root) : null;

const opened = () => {
  if (!files) throw new DOMException('no origin-private files here', 'NotSupportedError');
  return files;
};

serveWorker<SegmentReaderApi>(self, {
  read: async ({ dir, name }, call) => {
    const bytes = await opened().read(dir, name);
    call.transferResult([bytes.buffer]);
    return bytes;
  },
  readRange: async ({ dir, name, start, end }, call) => {
    const bytes = await opened().readRange(dir, name, start, end);
    call.transferResult([bytes.buffer]);
    return bytes;
  },
  dedup: async ({ group, flags }, call) => {
    const files = opened();
    const parts = await readDedupParts((dir, name) => files.read(dir, name), group, flags);
    if (parts) call.transferResult(dedupPartsBuffers(parts));
    return parts;
  },
});
