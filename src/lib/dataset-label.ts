/** How the datasets list names a stored query: from the URL params kept with the dataset. */

const PUBLIC_HOST = 'mriqc.nimh.nih.gov';

/**
 * Where the records came from, short: the public API, or the host of another source.
 *
 * @example
 * sourceLabel('https://mriqc.nimh.nih.gov/api/v1') // 'MRIQC Web API'
 * sourceLabel('http://127.0.0.1:5174/api/v1') // '127.0.0.1:5174'
 */
export function sourceLabel(source: string): string {
  try {
    const { host } = new URL(source);
    return host === PUBLIC_HOST ? 'MRIQC Web API' : host;
  } catch {
    return source || 'unknown source';
  }
}

/**
 * "T1w · mriqc · 23.1.0, 22.0.6 · where {…}": modality, software, versions, filter.
 *
 * @example
 * datasetLabel({ modality: 'bold', software: 'mriqc' }) // 'bold · mriqc · all versions'
 * datasetLabel({ modality: 'T1w', software: '', versions: '23.1.0', where: '{"size_x":256}' })
 * // 'T1w · any software · 23.1.0 · where {"size_x":256}'
 */
export function datasetLabel(query: Readonly<Record<string, string>>): string {
  const versions = (query.versions ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const parts = [
    query.modality ?? '?',
    query.software?.trim() || 'any software',
    versions.length > 0 ? versions.join(', ') : 'all versions',
  ];
  if (query.where?.trim()) parts.push(`where ${query.where.trim()}`);
  return parts.join(' · ');
}

/**
 * The URL search string that opens the stored query (the app's query is its URL).
 *
 * @example
 * datasetSearch({ source: 'http://h/api/v1', modality: 'T1w' }) // '?source=http%3A%2F%2Fh%2Fapi%2Fv1&modality=T1w'
 */
export function datasetSearch(query: Readonly<Record<string, string>>): string {
  return `?${new URLSearchParams(query).toString()}`;
}
