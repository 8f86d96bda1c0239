import { type CategoryCounts, categoryCodes, countCategories } from '../../frame/categories.ts';
import type { Column } from '../../frame/column.ts';
import type { RowGroups } from '../../frame/histogram.ts';
import { type GroupBy, groupLabel } from './chart-text.ts';

/**
 * Bars per count chart (versions: more, as the crowd spreads over dozens of releases); groups
 * per distribution (more lines than this can't be told apart).
 */
export const TOP_BARS = 12;
export const TOP_VERSIONS = 20;
export const TOP_GROUPS = 6;

export type CountBy = Exclude<GroupBy, 'none'>;

export interface Grouping {
  readonly groups: RowGroups;
  readonly labels: readonly string[];
}

export interface ChartGroups {
  /** Per count chart, its bars. */
  readonly counts: Partial<Record<CountBy, CategoryCounts>>;
  /** The groups of the distributions (null: not grouped, or the field is absent). */
  readonly grouping: Grouping | null;
}

/** Manufacturers by size; field strengths and versions in their natural order. */
const ORDER: Record<CountBy, 'count' | 'label'> = {
  manufacturer: 'count',
  field: 'label',
  version: 'label',
};

/**
 * The count charts' bars and the distributions' grouping, over the view's rows. The grouped
 * field's count chart shows the grouping's own groups (the {@link TOP_GROUPS} most frequent
 * values and "Other"), so every chart of the view lumps the same values into "Other" under the
 * same label; the other count charts show more bars.
 *
 * @example
 * chartGroups({ version: column }, view.rows, 'version').grouping?.labels // ['23.1.0', …, 'Other versions (9)']
 */
export function chartGroups(
  columns: Partial<Record<CountBy, Column>>,
  rows: Uint32Array,
  groupBy: GroupBy,
): ChartGroups {
  const counts: ChartGroups['counts'] = {};
  let grouping: Grouping | null = null;
  for (const by of Object.keys(ORDER) as CountBy[]) {
    const column = columns[by];
    if (!column) continue;
    const grouped = by === groupBy;
    const top = grouped ? TOP_GROUPS : by === 'version' ? TOP_VERSIONS : TOP_BARS;
    const c = countCategories(categoryCodes(column), rows, { top, order: ORDER[by] });
    counts[by] = c;
    if (grouped) {
      grouping = { groups: c.groups, labels: c.categories.map((cat) => groupLabel(by, cat)) };
    }
  }
  return { counts, grouping };
}
