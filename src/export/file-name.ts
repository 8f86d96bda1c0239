import type { RowsView } from '../frame/view-spec.ts';
import { type ExportFormat, FORMATS } from './formats.ts';

export interface FileNameParts {
  readonly modality: string;
  /** '' = any software. */
  readonly software: string;
  /** [] = every version. */
  readonly versions: readonly string[];
  readonly show: RowsView;
  /** The query's field filter as typed ('' = none). */
  readonly where: string;
  /** The view's column filters, as their URL params (`formatFilter`). */
  readonly filters: readonly string[];
  /** The day of the export, in the user's time zone. */
  readonly date: Date;
  readonly format: ExportFormat;
  /** Records from the local mirror: `_synthetic` in the name, so the file can't pass for real. */
  readonly synthetic?: boolean;
}

/** More versions than this are named by their count: a name is not a place for a list. */
const MAX_VERSIONS = 3;
const MAX_PART = 32;

/**
 * A safe piece of a file name on every system: letters, digits, `.`, `_`, `+`, `-` only (no
 * path separators, no `:*?"<>|`, no spaces or control characters), no leading/trailing dots.
 */
function safePart(text: string): string {
  return text
    .replace(/[^A-Za-z0-9.+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_PART)
    .replace(/[-.]+$/, '');
}

/** FNV-1a, 32 bits: a stable short tag telling two filters apart (not a security hash). */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0').slice(0, 6);
}

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The export's file name: what was exported (modality, software, versions, rows shown, a
 * `filtered-<hash>` tag when a field or column filter narrowed it) and the day.
 *
 * @example
 * exportFileName({ modality: 'T1w', software: 'mriqc', versions: ['23.1.0'], show: 'unique',
 *   where: '', filters: [], date: new Date(2026, 10, 28), format: 'csv' })
 * // 'crowdmri_T1w_mriqc_23.1.0_unique_2026-11-28.csv'
 * // with synthetic: true: 'crowdmri_T1w_mriqc_23.1.0_unique_synthetic_2026-11-28.csv'
 */
export function exportFileName(parts: FileNameParts): string {
  const versions =
    parts.versions.length > MAX_VERSIONS
      ? `${parts.versions.length}-versions`
      : parts.versions.map(safePart).filter(Boolean).join('+');
  const where = parts.where.trim();
  const filtered =
    where || parts.filters.length > 0
      ? `filtered-${shortHash(`${where}\n${parts.filters.join('\n')}`)}`
      : '';
  const name = [
    'crowdmri',
    safePart(parts.modality),
    safePart(parts.software.trim()),
    versions,
    parts.show,
    filtered,
    parts.synthetic ? 'synthetic' : '',
    isoDay(parts.date),
  ]
    .filter(Boolean)
    .join('_');
  return `${name}.${FORMATS[parts.format].extension}`;
}
