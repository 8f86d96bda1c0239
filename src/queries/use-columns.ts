import { useEffect, useState } from 'react';
import type { Column } from '../../frame/column.ts';
import type { Frame } from '../../frame/frame.ts';

export interface ColumnsState {
  /** The columns asked for, once all are in memory; null while loading. */
  columns: ReadonlyMap<string, Column> | null;
  error: string | null;
}

function ifLoaded(frame: Frame, names: readonly string[]): Map<string, Column> | null {
  const out = new Map<string, Column>();
  for (const name of names) {
    const column = frame.loaded(name);
    if (!column) return null;
    out.set(name, column);
  }
  return out;
}

/**
 * Loads the named columns (the frame caches each one). Columns already in memory, e.g. those
 * the table loaded, are used at once, so switching to the charts draws without waiting a turn.
 */
export function useColumns(frame: Frame, names: readonly string[]): ColumnsState {
  const key = names.join('\n');
  const [state, setState] = useState<{ frame: Frame; key: string; value: ColumnsState }>({
    frame,
    key,
    value: { columns: ifLoaded(frame, names), error: null },
  });
  const current = state.frame === frame && state.key === key;
  useEffect(() => {
    let live = true;
    // From the key, not `names`: a new array with the same names is the same request.
    const wanted = key === '' ? [] : key.split('\n');
    frame.loadMany(wanted).then(
      (loaded) => {
        if (!live) return;
        const columns = new Map(wanted.map((name, i) => [name, loaded[i]!]));
        setState({ frame, key, value: { columns, error: null } });
      },
      (error: unknown) => {
        if (!live) return;
        const message = error instanceof Error ? error.message : String(error);
        setState({ frame, key, value: { columns: null, error: message } });
      },
    );
    return () => {
      live = false;
    };
  }, [frame, key]);
  if (current) return state.value;
  // A new request: whatever is in memory already shows; the effect fetches the rest.
  return { columns: ifLoaded(frame, names), error: null };
}
