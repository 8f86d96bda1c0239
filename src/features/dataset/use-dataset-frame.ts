import { useEffect, useRef, useState } from 'react';
import type { Frame } from '../../frame/frame.ts';
import { openDatasetFrame } from '../../store/column-reader.ts';
import { OPEN_DELAY_MS, requestCompaction } from '../../store/compaction-client.ts';
import { sharedDb } from '../../store/connection.ts';

export type DatasetFrameState =
  | { status: 'loading' }
  | { status: 'empty' }
  | { status: 'ready'; frame: Frame }
  | { status: 'error'; message: string };

/**
 * The stored dataset of `datasetKey` as a lazy frame. `revision` is the stored record count as
 * a string once known (null before, 'running' during a download): the frame opens at once (in
 * parallel with reading that count) and is reopened only when a count arrives that differs from
 * the rows it holds — so a finished or paused run shows its records, a reload opens once, and a
 * running download never makes the table re-read 1M rows.
 */
export function useDatasetFrame(datasetKey: string, revision: string | null): DatasetFrameState {
  const [state, setState] = useState<{ key: string; value: DatasetFrameState }>({
    key: datasetKey,
    value: { status: 'loading' },
  });
  const [generation, setGeneration] = useState(0);
  /** What is open (rows null while opening), and the latest count heard. */
  const opened = useRef<{ key: string; rows: number | null } | null>(null);
  const latest = useRef(revision);
  latest.current = revision;

  useEffect(() => {
    void generation; // a count that changed while opening asks for another open
    const wanted = revision !== null && revision !== 'running' ? Number(revision) : null;
    const current = opened.current?.key === datasetKey ? opened.current : null;
    if (current) {
      if (current.rows === null) return; // opening: compared with the count when it is done
      if (wanted === null || wanted === current.rows) return;
    }
    // Not cancelled when the count arrives mid-open (that would open twice): a newer open
    // replaces `opened.current`, and an open that was replaced drops its result.
    const token: { key: string; rows: number | null } = { key: datasetKey, rows: null };
    opened.current = token;
    (async () => {
      try {
        const result = await openDatasetFrame(await sharedDb(), datasetKey);
        // Appended chunks left to fold in (an older dataset, a run whose tab closed): the
        // compactor looks once the table's first reads are done.
        if (result) requestCompaction(datasetKey, { delayMs: OPEN_DELAY_MS });
        if (opened.current !== token) return;
        const rows = result ? result.frame.rowCount : 0;
        token.rows = rows;
        setState({
          key: datasetKey,
          value: result ? { status: 'ready', frame: result.frame } : { status: 'empty' },
        });
        const now = latest.current;
        if (now !== null && now !== 'running' && Number(now) !== rows) setGeneration((g) => g + 1);
      } catch (error) {
        if (opened.current !== token) return;
        opened.current = null;
        const message = error instanceof Error ? error.message : String(error);
        setState({ key: datasetKey, value: { status: 'error', message } });
      }
    })();
  }, [datasetKey, revision, generation]);
  return state.key === datasetKey ? state.value : { status: 'loading' };
}
