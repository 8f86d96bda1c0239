import type { ExplorerQuery } from '../api/explorer-query.ts';
import { cleanVersions } from '../api/explorer-query.ts';

/**
 * A short human name for a query: "T1w · mriqc · 23.1.0, 22.0.6 · where {…}".
 *
 * @example
 * queryLabel({ ...q, modality: 'bold', software: 'mriqc', versions: [], where: '' }) // 'bold · mriqc · all versions'
 */
export function queryLabel(query: ExplorerQuery): string {
  const versions = cleanVersions(query.versions);
  const parts: string[] = [
    query.modality,
    query.software.trim() || 'any software',
    versions.length === 0 ? 'all versions' : versions.join(', '),
  ];
  if (query.where.trim()) parts.push(`where ${query.where.trim()}`);
  return parts.join(' · ');
}
