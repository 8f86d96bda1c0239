import { serveWorker } from '../worker-port/serve-worker.ts';
import { opfsFiles, opfsRoot } from './segment-files.ts';
import type { SegmentReaderApi } from './segment-reader-api.ts';

/** Reads whole origin-private files (segment-files.ts `read`) and moves their bytes to the page. */
const root = opfsRoot();
const files = root ? opfsFiles(root) : null;

serveWorker<SegmentReaderApi>(self, {
  read: async ({ dir, name }, call) => {
    if (!files) throw new DOMException('no origin-private files here', 'NotSupportedError');
    const bytes = await files.read(dir, name);
    call.transferResult([bytes.buffer]);
    return bytes;
  },
});
