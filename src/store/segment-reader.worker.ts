import { serveWorker } from '../worker-port/serve-worker.ts';
import { opfsFiles, opfsRoot } from './segment-files.ts';
import type { SegmentReaderApi } from './segment-reader-api.ts';

/**
 * Reads origin-private files, whole or a byte range (segment-files.ts `read`, `readRange`), and
 * moves their bytes to the page.
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
});
