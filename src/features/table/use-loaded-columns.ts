import { useEffect, useMemo, useState } from 'react';
import type { Column } from '../../frame/column.ts';
import type { Frame } from '../../frame/frame.ts';

export interface LoadedColumns {
  /** Per name, the column if it is in memory (undefined: still loading, or failed). */
  readonly columns: readonly (Column | undefined)[];
  /** Columns that could not be read, with the reason. */
  readonly errors: ReadonlyMap<string, string>;
  readonly loading: boolean;
}

/**
 * Loads the named columns of the frame (lazily, each once: Frame caches them) and re-renders
 * as each arrives, so the grid fills column by column instead of waiting for all of them.
 */
export function useLoadedColumns(frame: Frame, names: readonly string[]): LoadedColumns {
  const [version, setVersion] = useState(0);
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    for (const name of names) {
      if (frame.loaded(name)) continue;
      frame.load(name).then(
        () => {
          if (live) setVersion((v) => v + 1);
        },
        (error: unknown) => {
          if (!live) return;
          const message = error instanceof Error ? error.message : String(error);
          setErrors((old) => new Map(old).set(name, message));
        },
      );
    }
    return () => {
      live = false;
    };
  }, [frame, names]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version marks a column that arrived
  return useMemo(() => {
    const columns = names.map((name) => frame.loaded(name));
    return { columns, errors, loading: columns.some((c) => c === undefined) };
  }, [frame, names, errors, version]);
}
