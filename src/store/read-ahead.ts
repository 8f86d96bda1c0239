import type { SegmentFiles } from './segment-files.ts';

/** The folder of origin-private files where each reader keeps what it read at an opening. */
export const READ_AHEAD_FOLDER = 'crowdmri-read-ahead';
/** How long after an opening starts its reads are noted (a slow machine opens in ~7 s). */
export const NOTE_MS = 10_000;
/** How long bytes read ahead wait to be asked for before they are let go. */
export const KEEP_MS = 15_000;
/** At most this many files are noted (a table's ~15 columns and its dedup; charts' few more). */
export const MAX_NOTED = 32;

type Read = (dir: string, name: string) => Promise<Uint8Array>;

/**
 * A reader's memory of what it read when a dataset was last opened, to read it again, ahead of
 * being asked, when the dataset is next opened: the page knows which dataset its address names
 * at once, but which files hold the table's columns only once IndexedDB has opened (~0.3–0.6 s
 * into the page), and the reads used to start only then. A segment file's name is never reused
 * for other bytes (compactions write new names), so bytes read ahead are given out only for the
 * very name asked; a noted file deleted since fails its read ahead, and is read (or not) as
 * the page asks. `notes` keeps one small JSON list per dataset directory and reader.
 */
export function createReadAhead(read: Read, notes: SegmentFiles) {
  const ahead = new Map<string, Promise<Uint8Array>>();
  type Noting = { dir: string; file: string; names: string[]; saving: boolean; dirty: boolean };
  let noting: Noting | null = null;
  const encoder = new TextEncoder();

  // Written as each new name is noted (one write at a time, the latest list last): a tab closed
  // a second after the table showed has noted its opening's reads.
  const save = (n: Noting): void => {
    if (n.saving) {
      n.dirty = true;
      return;
    }
    n.saving = true;
    n.dirty = false;
    void notes
      .write(n.dir, n.file, [encoder.encode(JSON.stringify(n.names))])
      .catch(() => {})
      .finally(() => {
        n.saving = false;
        if (n.dirty) save(n);
      });
  };

  return {
    /** The dataset in `dir` is being opened: read what was read last time, note what is now. */
    async start(dir: string, reader: number): Promise<void> {
      const file = `reader-${reader}.json`;
      let names: unknown = [];
      try {
        names = JSON.parse(new TextDecoder().decode(await notes.read(dir, file)));
      } catch {
        // Nothing noted yet (or unreadable): nothing to read ahead.
      }
      // Noted from now on: the last opening's list is read first, then this one's replaces it.
      const current: Noting = { dir, file, names: [], saving: false, dirty: false };
      noting = current;
      setTimeout(() => {
        if (noting === current) noting = null;
      }, NOTE_MS);
      if (!Array.isArray(names)) return;
      for (const name of names.slice(0, MAX_NOTED)) {
        if (typeof name !== 'string') continue;
        const id = `${dir}/${name}`;
        if (ahead.has(id)) continue;
        const bytes = read(dir, name);
        bytes.catch(() => {});
        ahead.set(id, bytes);
        setTimeout(() => {
          if (ahead.get(id) === bytes) ahead.delete(id);
        }, KEEP_MS);
      }
    },
    /** The bytes of `dir/name`: those read ahead if there are, else read now. */
    read(dir: string, name: string): Promise<Uint8Array> {
      if (noting?.dir === dir && noting.names.length < MAX_NOTED && !noting.names.includes(name)) {
        noting.names.push(name);
        save(noting);
      }
      const id = `${dir}/${name}`;
      const early = ahead.get(id);
      if (early) {
        ahead.delete(id);
        return early;
      }
      return read(dir, name);
    },
  };
}
