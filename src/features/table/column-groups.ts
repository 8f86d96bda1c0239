import type { Modality } from '../../api/eve-url.ts';
import { type Direction, iqmInfo, NON_IQM_FIELDS } from '../../data/iqm-catalog.ts';
import type { FrameColumnInfo } from '../../frame/frame.ts';

/**
 * The column picker's groups: what a column is (an IQM, scanner metadata, provenance, the
 * record's own fields), with the IQM's description, unit and direction from the catalogue.
 */

export type ColumnGroupId = 'iqm' | 'bids_meta' | 'provenance' | 'record' | 'other';

export interface ColumnDescription {
  readonly name: string;
  /** The name without its group prefix (`bids_meta.Manufacturer` → `Manufacturer`). */
  readonly short: string;
  readonly type: 'number' | 'text';
  readonly group: ColumnGroupId;
  readonly description: string | null;
  readonly unit: string | null;
  readonly direction: Direction | null;
}

export interface ColumnGroup {
  readonly id: ColumnGroupId;
  readonly label: string;
  readonly columns: readonly ColumnDescription[];
}

const GROUP_LABELS: Record<ColumnGroupId, string> = {
  iqm: 'Image-quality metrics (IQMs)',
  bids_meta: 'Scanner metadata (bids_meta)',
  provenance: 'Provenance',
  record: 'Record (_id, _created)',
  other: 'Other fields',
};

const GROUP_ORDER: readonly ColumnGroupId[] = ['iqm', 'bids_meta', 'provenance', 'record', 'other'];

function groupOf(modality: Modality, name: string): ColumnGroupId {
  if (iqmInfo(modality, name)) return 'iqm';
  if (name.startsWith('bids_meta.')) return 'bids_meta';
  if (name.startsWith('provenance.')) return 'provenance';
  if (name.startsWith('_')) return 'record';
  return 'other';
}

/** The catalogue's text for a non-IQM field (`_id`, `_created`, …), where it has one. */
function fieldDescription(name: string): string | null {
  return NON_IQM_FIELDS[name] ?? null;
}

/**
 * What the picker and the header tooltips say about one column.
 *
 * @example
 * describeColumn('T1w', { name: 'cjv', type: 'number' }).direction // 'lower-better'
 * describeColumn('T1w', { name: 'bids_meta.Manufacturer', type: 'text' }).short // 'Manufacturer'
 */
export function describeColumn(modality: Modality, info: FrameColumnInfo): ColumnDescription {
  const group = groupOf(modality, info.name);
  const iqm = iqmInfo(modality, info.name);
  const dot = info.name.indexOf('.');
  const short =
    group === 'bids_meta' || group === 'provenance' ? info.name.slice(dot + 1) : info.name;
  return {
    name: info.name,
    short,
    type: info.type,
    group,
    description: iqm ? iqm.description : fieldDescription(info.name),
    unit: iqm ? iqm.unit : null,
    direction: iqm ? iqm.direction : null,
  };
}

/**
 * The dataset's columns in picker groups (IQMs, scanner metadata, provenance, record, other),
 * each group in the dataset's column order; empty groups left out.
 *
 * @example
 * groupColumns('T1w', [{ name: '_id', type: 'text' }, { name: 'cjv', type: 'number' }])
 * // [{ id: 'iqm', columns: [cjv…] }, { id: 'record', columns: [_id…] }]
 */
export function groupColumns(
  modality: Modality,
  columns: readonly FrameColumnInfo[],
): ColumnGroup[] {
  const byGroup = new Map<ColumnGroupId, ColumnDescription[]>();
  for (const info of columns) {
    const described = describeColumn(modality, info);
    const list = byGroup.get(described.group) ?? [];
    list.push(described);
    byGroup.set(described.group, list);
  }
  return GROUP_ORDER.filter((id) => byGroup.has(id)).map((id) => ({
    id,
    label: GROUP_LABELS[id],
    columns: byGroup.get(id) ?? [],
  }));
}

/**
 * The visible columns after switching one on (appended at the end) or off (removed).
 *
 * @example
 * toggleColumn(['_id', 'cjv'], 'cnr', true) // ['_id', 'cjv', 'cnr']
 * toggleColumn(['_id', 'cjv'], '_id', false) // ['cjv']
 */
export function toggleColumn(visible: readonly string[], name: string, on: boolean): string[] {
  const without = visible.filter((c) => c !== name);
  return on ? [...without, name] : without;
}

/** Words for a direction, for tooltips and the picker. */
export function directionText(direction: Direction | null): string | null {
  if (direction === 'higher-better') return 'higher is better';
  if (direction === 'lower-better') return 'lower is better';
  return null;
}
