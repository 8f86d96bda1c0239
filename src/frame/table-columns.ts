import { defaultColumns } from './default-columns.ts';
import type { FrameColumnInfo } from './frame.ts';
import { shownColumns } from './view.ts';
import type { ViewSpec } from './view-spec.ts';

type Modality = Parameters<typeof defaultColumns>[0];

/**
 * The columns the Records table shows, in order: the address's choice or the modality's
 * defaults, with the dedup key first in the duplicates view.
 *
 * @example
 * tableColumns({ ...DEFAULT_VIEW, columns: ['cjv'] }, 'T1w', frame.columns) // ['cjv']
 */
export function tableColumns(
  spec: Pick<ViewSpec, 'columns' | 'show' | 'dedup'>,
  modality: Modality,
  columns: readonly FrameColumnInfo[],
): readonly string[] {
  return shownColumns(spec.columns ?? defaultColumns(modality, columns), spec);
}

/**
 * Every column opening the table on `spec` reads, each once: those it shows, then those its
 * sort and its filters need. Only columns the dataset has.
 *
 * @example
 * tableReads({ ...DEFAULT_VIEW, columns: ['cjv'], sort: [{ column: 'snr', desc: false }] }, 'T1w', frame.columns) // ['cjv', 'snr']
 */
export function tableReads(
  spec: ViewSpec,
  modality: Modality,
  columns: readonly FrameColumnInfo[],
): string[] {
  const have = new Set(columns.map((c) => c.name));
  const wanted = [
    ...tableColumns(spec, modality, columns),
    ...spec.sort.map((s) => s.column),
    ...spec.filters.map((f) => f.column),
  ];
  return [...new Set(wanted)].filter((name) => have.has(name));
}
