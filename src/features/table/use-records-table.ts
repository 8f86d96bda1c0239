import {
  type ColumnFiltersState,
  type ColumnVisibilityState,
  functionalUpdate,
  type SortingState,
  type Updater,
  useTable,
} from '@tanstack/react-table';
import { useMemo } from 'react';
import type { Modality } from '../../api/eve-url.ts';
import type { Frame } from '../../frame/frame.ts';
import type { FilterSpec, ViewSpec } from '../../frame/view-spec.ts';
import { COPIES_ID, features, NO_ROWS, recordsColumns } from './records-columns.ts';

interface Options {
  readonly frame: Frame;
  readonly modality: Modality;
  readonly spec: ViewSpec;
  /** Visible columns in order (spec.columns or the modality's defaults). */
  readonly visible: readonly string[];
  readonly updateSpec: (patch: Partial<ViewSpec>) => void;
}

/**
 * The grid's TanStack table. Sorting, filters, visibility and order are controlled by the
 * view spec (the URL): a header click or a picker tick goes through updateSpec, and the frame
 * does the work on index arrays (manualSorting, manualFiltering). Sizes stay in the table.
 */
export function useRecordsTable({ frame, modality, spec, visible, updateSpec }: Options) {
  const absent = visible.filter((name) => !frame.has(name));
  const absentKey = absent.join('\n');
  const columns = useMemo(
    () => recordsColumns(modality, frame.columns, absentKey ? absentKey.split('\n') : []),
    [modality, frame, absentKey],
  );
  const sorting = useMemo<SortingState>(
    () => spec.sort.map((s) => ({ id: s.column, desc: s.desc })),
    [spec.sort],
  );
  const columnFilters = useMemo<ColumnFiltersState>(
    () => spec.filters.map((f) => ({ id: f.column, value: f })),
    [spec.filters],
  );
  const columnVisibility = useMemo<ColumnVisibilityState>(() => {
    const shown = new Set(visible);
    const state: Record<string, boolean> = {};
    for (const def of columns) if (def.id !== COPIES_ID) state[def.id!] = shown.has(def.id!);
    return state;
  }, [columns, visible]);
  const columnOrder = useMemo(() => [COPIES_ID, ...visible], [visible]);

  return useTable(
    {
      features,
      columns,
      data: NO_ROWS,
      state: { sorting, columnFilters, columnVisibility, columnOrder },
      manualSorting: true,
      manualFiltering: true,
      // Ascending first (smallest values on top), then descending, then off.
      sortDescFirst: false,
      enableMultiSort: true,
      columnResizeMode: 'onChange',
      onSortingChange: (updater: Updater<SortingState>) => {
        const next = functionalUpdate(updater, sorting);
        updateSpec({ sort: next.map((s) => ({ column: s.id, desc: s.desc })) });
      },
      onColumnFiltersChange: (updater: Updater<ColumnFiltersState>) => {
        const next = functionalUpdate(updater, columnFilters);
        updateSpec({ filters: next.map((f) => f.value as FilterSpec) });
      },
      onColumnVisibilityChange: (updater: Updater<ColumnVisibilityState>) => {
        const next = functionalUpdate(updater, columnVisibility);
        const kept = visible.filter((name) => next[name] !== false);
        const added = Object.keys(next).filter((name) => next[name] && !kept.includes(name));
        updateSpec({ columns: [...kept, ...added] });
      },
    },
    (state) => ({
      sorting: state.sorting,
      columnFilters: state.columnFilters,
      columnVisibility: state.columnVisibility,
      columnOrder: state.columnOrder,
    }),
  );
}

export type RecordsTable = ReturnType<typeof useRecordsTable>;
