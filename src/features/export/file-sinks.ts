import type { TextSink } from '../../export/export-run.ts';
import { type ExportFormat, FILE_TYPES } from '../../export/formats.ts';
import { saveBlob } from '../../lib/save-blob.ts';

/** Where an export's text goes, and how it ends. */
export interface FileSink extends TextSink {
  /** Finishes the file (saves it, or hands it to the browser's downloads); its size in bytes. */
  close(): Promise<number>;
  /** Drops what was written: a chosen file is left as it was, nothing is downloaded. */
  abort(): Promise<void>;
}

/** The File System Access API's picker (Chromium); not in TypeScript's DOM types. */
type SaveFilePicker = (options: {
  suggestedName: string;
  types: Array<{ description: string; accept: Record<string, string[]> }>;
}) => Promise<FileSystemFileHandle>;

export type SaveTarget =
  | { type: 'file'; handle: FileSystemFileHandle }
  | { type: 'download' }
  /** The user closed the picker: not an error, nothing to do. */
  | { type: 'cancelled' };

/**
 * Where to save: a file the user picks (streamed to disk as it is written) where the browser
 * has `showSaveFilePicker`, else a download built from Blob parts. Must be called first thing
 * in the click handler: the picker needs the click's user activation. A picker that fails for
 * another reason (a sandboxed frame, a policy) falls back to the download.
 *
 * Headless Chromium has the picker but closes it at once (AbortError), as a user's Cancel:
 * tests that want a download remove `window.showSaveFilePicker` first (e2e/export.spec.ts).
 */
export async function chooseSaveTarget(
  fileName: string,
  format: ExportFormat,
): Promise<SaveTarget> {
  const picker = (window as unknown as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  if (typeof picker !== 'function') return { type: 'download' };
  const { mime, extension, description } = FILE_TYPES[format];
  try {
    const handle = await picker.call(window, {
      suggestedName: fileName,
      types: [{ description, accept: { [mime]: [`.${extension}`] } }],
    });
    return { type: 'file', handle };
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return { type: 'cancelled' };
    return { type: 'download' };
  }
}

/**
 * Streams into the picked file. Chromium writes to a temporary file and swaps it in on close,
 * so an abort (or a failed write, e.g. a full disk) leaves the chosen file as it was.
 */
export async function fileSink(handle: FileSystemFileHandle): Promise<FileSink> {
  const writable = await handle.createWritable();
  return {
    write: (data) => writable.write(data),
    async close() {
      await writable.close();
      return (await handle.getFile()).size;
    },
    async abort() {
      await writable.abort().catch(() => undefined);
    },
  };
}

/** How much is written between checks that the browser still holds the parts. */
const CHECK_EVERY_BYTES = 64 * 2 ** 20;

/** The browser dropped Blob data it could not keep: the download would fail or be cut. */
export class BlobLimitError extends Error {
  constructor(readonly bytes: number) {
    super(
      `the browser could not keep the file's data (it dropped it at about ${Math.round(bytes / 2 ** 20)} MB)`,
    );
    this.name = 'BlobLimitError';
  }
}

/**
 * Chromium keeps large Blob data on disk, but parts arriving faster than it moves them there
 * past its memory budget are dropped (a loop making 4 MB parts as fast as it can broke at
 * ~500 MB on a 24 GB machine; the export's pace keeps up), and a download of them is cancelled
 * without a word to the page. Reading the last byte of all parts so far finds that out while
 * there is still time to say so.
 */
async function assertReadable(parts: Blob[], bytes: number): Promise<void> {
  const whole = new Blob(parts);
  try {
    await whole.slice(Math.max(0, whole.size - 1)).arrayBuffer();
  } catch {
    throw new BlobLimitError(bytes);
  }
}

/** Collects the chunks as Blob parts and, on close, downloads them as one file. */
export function downloadSink(fileName: string, format: ExportFormat): FileSink {
  let parts: Blob[] = [];
  let bytes = 0;
  let checked = 0;
  return {
    async write(data) {
      const part = new Blob([data]);
      parts.push(part);
      bytes += part.size;
      if (bytes - checked >= CHECK_EVERY_BYTES) {
        checked = bytes;
        await assertReadable(parts, bytes);
      }
    },
    async close() {
      await assertReadable(parts, bytes);
      const { mime, text } = FILE_TYPES[format];
      const blob = new Blob(parts, { type: text ? `${mime};charset=utf-8` : mime });
      parts = [];
      saveBlob(blob, fileName);
      return blob.size;
    },
    async abort() {
      parts = [];
    },
  };
}
