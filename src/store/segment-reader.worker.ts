import { opfsFiles, opfsRoot } from './segment-files.ts';
import type { FromReader, ToReader } from './segment-reader-protocol.ts';

/** Thin onmessage: reads one whole origin-private file (segment-files.ts `read`), hands it over. */
const root = opfsRoot();
const files = root ? opfsFiles(root) : null;
const post = (message: FromReader, transfer: Transferable[] = []) =>
  self.postMessage(message, { transfer });

self.onmessage = async ({ data }: MessageEvent<ToReader>) => {
  try {
    if (!files) throw new DOMException('no origin-private files here', 'NotSupportedError');
    const bytes = await files.read(data.dir, data.name);
    post({ id: data.id, bytes }, [bytes.buffer]);
  } catch (error) {
    const { name = 'Error', message = String(error) } = (error ?? {}) as Partial<Error>;
    post({ id: data.id, error: { name, message } });
  }
};
