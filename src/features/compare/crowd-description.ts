import type { ViewSpec } from '../../frame/view-spec.ts';

/**
 * Which crowd the user's scans are measured against, in words: the table's current view.
 *
 * @example
 * crowdDescription({ ...DEFAULT_VIEW, show: 'unique' }, 2900, 3000) // 'the 2,900 unique records (duplicate uploads left out)'
 */
export function crowdDescription(spec: ViewSpec, rows: number, total: number): string {
  const n = rows.toLocaleString('en-US');
  const filters =
    spec.filters.length === 0
      ? ''
      : ` left by the table's ${spec.filters.length === 1 ? 'filter' : `${spec.filters.length} filters`}`;
  if (spec.show === 'unique')
    return `the ${n} unique records${filters} (duplicate uploads left out)`;
  if (spec.show === 'duplicates') return `the ${n} duplicated records${filters}`;
  if (filters) return `the ${n} records${filters}`;
  return rows === total ? `all ${n} saved records` : `${n} saved records`;
}
