import { cleanVersions, type ExplorerQuery } from '../../api/explorer-query.ts';
import { parseFieldFilter } from '../../api/where.ts';

/**
 * The query in a few words, for the one-line summary the form collapses to: modality,
 * software, how many versions (the one, when only one), how many filter conditions.
 *
 * @example
 * querySummary({ ...q, modality: 'T1w', software: 'mriqc', versions: ['24.0.2', '23.1.0'], where: '{"size_x": 256}' })
 * // 'T1w · mriqc · 2 versions · 1 filter'
 */
export function querySummary(query: Omit<ExplorerQuery, 'extra'>): string {
  const versions = cleanVersions(query.versions);
  const parts = [
    query.modality,
    query.software.trim() || 'any software',
    versions.length === 0
      ? 'all versions'
      : versions.length === 1
        ? `version ${versions[0]}`
        : `${versions.length} versions`,
  ];
  const filter = parseFieldFilter(query.where);
  if (filter.type === 'valid') {
    const n = Object.keys(filter.where).length;
    if (n > 0) parts.push(`${n} ${n === 1 ? 'filter' : 'filters'}`);
  } else if (filter.type === 'invalid') {
    parts.push('an unreadable filter');
  } else if (query.whereRef) {
    parts.push('a filter missing from this browser');
  }
  return parts.join(' · ');
}
