import { useEffect, useState } from 'react';
import type { Frame } from '../../frame/frame.ts';
import { openDatasetFrame } from '../../store/column-reader.ts';
import { sharedDb } from '../../store/connection.ts';

export type DatasetFrameState =
  | { status: 'loading' }
  | { status: 'empty' }
  | { status: 'ready'; frame: Frame }
  | { status: 'error'; message: string };

/**
 * The stored dataset of `datasetKey` as a lazy frame. `revision` changes when the stored
 * records change (a download or refresh finished or paused): the frame is reopened then, and
 * not on every committed page, so a running download never makes the table re-read 1M rows.
 * `null` means not known yet (nothing is opened until it is).
 */
export function useDatasetFrame(datasetKey: string, revision: unknown): DatasetFrameState {
  const [state, setState] = useState<{ key: string; value: DatasetFrameState }>({
    key: datasetKey,
    value: { status: 'loading' },
  });
  useEffect(() => {
    // null = the stored count is not known yet: wait, rather than open twice.
    if (revision === null) return;
    let live = true;
    (async () => {
      try {
        const opened = await openDatasetFrame(await sharedDb(), datasetKey);
        if (!live) return;
        setState({
          key: datasetKey,
          value: opened ? { status: 'ready', frame: opened.frame } : { status: 'empty' },
        });
      } catch (error) {
        if (!live) return;
        const message = error instanceof Error ? error.message : String(error);
        setState({ key: datasetKey, value: { status: 'error', message } });
      }
    })();
    return () => {
      live = false;
    };
  }, [datasetKey, revision]);
  return state.key === datasetKey ? state.value : { status: 'loading' };
}
