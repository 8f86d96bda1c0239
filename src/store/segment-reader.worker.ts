import { serveWorker } from '../worker-port/serve-worker.ts';
import { createReadAhead, READ_AHEAD_FOLDER } from './read-ahead.ts';
import { opfsFiles, opfsRoot } from './segment-files.ts';
import type { SegmentReaderApi } from './segment-reader-api.ts';

/** Reads whole origin-private files (segment-files.ts `read`, read-ahead.ts) for the page. */
const root = opfsRoot();
const files = root
  ? createReadAhead(opfsFiles(root).read, opfsFiles(root, READ_AHEAD_FOLDER))
  : null;

serveWorker<SegmentReaderApi>(self, {
  read: async ({ dir, name }, call) => {
    if (!files) throw new DOMException('no origin-private files here', 'NotSupportedError');
    const bytes = await files.read(dir, name);
    call.transferResult([bytes.buffer]);
    return bytes;
  },
  readAhead: async ({ dir, reader }) => {
    await files?.start(dir, reader);
  },
});
