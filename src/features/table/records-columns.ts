import {
  type ColumnDef,
  columnFilteringFeature,
  columnOrderingFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { Modality } from '../../api/eve-url.ts';
import type { FrameColumnInfo } from '../../frame/frame.ts';
import { type ColumnDescription, describeColumn } from './column-groups.ts';

/**
 * The TanStack Table model of the records grid: one column definition per dataset column plus
 * the "Copies" column. TanStack holds headers, visibility, order, sizing and the sort/filter
 * state (manual: the frame sorts and filters index arrays); it never sees a data row, so a
 * 1M-row view costs it nothing. The grid builds only the visible window itself.
 */

/** Never instantiated: the table gets no data (rows come from the frame view by index). */
export interface GridRow {
  readonly frameRow: number;
}

export const features = tableFeatures({
  columnVisibilityFeature,
  columnOrderingFeature,
  columnSizingFeature,
  columnResizingFeature,
  rowSortingFeature,
  columnFilteringFeature,
  columnMeta: {} as { readonly described?: ColumnDescription },
});

export type RecordsFeatures = typeof features;
export type RecordsColumnDef = ColumnDef<RecordsFeatures, GridRow>;

/** The group-size column, always first, not sortable (the frame has no such column). */
export const COPIES_ID = '__copies';

/** Empty on purpose and stable: TanStack must never build row objects for 1M rows. */
export const NO_ROWS: GridRow[] = [];

const noValue = () => undefined;
const keepAll = () => true;

/** Starting widths that fit the usual content (ids, dates, hashes, numbers). */
export function initialWidth(info: FrameColumnInfo): number {
  if (info.name === '_id') return 230;
  if (info.name === '_created' || info.name === '_updated') return 250;
  if (info.name.endsWith('md5sum')) return 170;
  if (info.name === '_etag') return 170;
  return info.type === 'number' ? 110 : 150;
}

/**
 * Column definitions for every column of the dataset, plus `extra` names the view asks for
 * that the dataset lacks (a shared link from another dataset: shown blank, removable).
 *
 * @example
 * recordsColumns('T1w', [{ name: 'cjv', type: 'number' }], []).map((c) => c.id) // ['__copies', 'cjv']
 */
export function recordsColumns(
  modality: Modality,
  columns: readonly FrameColumnInfo[],
  extra: readonly string[],
): RecordsColumnDef[] {
  const all: FrameColumnInfo[] = [
    ...columns,
    ...extra.map((name): FrameColumnInfo => ({ name, type: 'number' })),
  ];
  return [
    {
      id: COPIES_ID,
      header: 'Copies',
      size: 84,
      enableSorting: false,
      enableHiding: false,
      enableResizing: false,
      enableColumnFilter: false,
    },
    ...all.map(
      (info): RecordsColumnDef => ({
        id: info.name,
        header: info.name,
        accessorFn: noValue,
        filterFn: keepAll,
        size: initialWidth(info),
        minSize: 48,
        maxSize: 2000,
        meta: { described: describeColumn(modality, info) },
      }),
    ),
  ];
}
