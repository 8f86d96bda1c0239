import type { RowsView } from '../frame/view-spec.ts';
import { type ExportFormat, FILE_TYPES } from './formats.ts';

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
  /** The version of the app that writes the file (src/lib/app-version.ts). */
  readonly appVersion: string;
  /** Records from the local mirror: `_synthetic` in the name, so the file can't pass for real. */
  readonly synthetic?: boolean;
}

/** More versions than this are named by their count: a name is not a place for a list. */
const MAX_VERSIONS = 3;
const MAX_PART = 32;
const MAX_STEM = 64;
/** Room for any semver string people write (`10.20.30-rc.10`) without crowding the name. */
const MAX_APP_VERSION = 20;

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

/**
 * `crowdmri-v<version>`: every file the app writes starts with the version that wrote it, so a
 * result can be traced to the code that made it (a CSV cannot carry it inside without a row
 * that breaks `read_csv`).
 */
function appPrefix(appVersion: string): string {
  const version = safePart(appVersion)
    .slice(0, MAX_APP_VERSION)
    .replace(/[-.]+$/, '');
  return version ? `crowdmri-v${version}` : 'crowdmri';
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
 * The export's file name: the app's version, what was exported (modality, software, versions, rows shown, a
 * `filtered-<hash>` tag when a field or column filter narrowed it) and the day.
 *
 * @example
 * exportFileName({ modality: 'T1w', software: 'mriqc', versions: ['23.1.0'], show: 'unique',
 *   where: '', filters: [], date: new Date(2026, 10, 28), format: 'csv', appVersion: '0.2.0' })
 * // 'crowdmri-v0.2.0_T1w_mriqc_23.1.0_unique_2026-11-28.csv'
 * // with synthetic: true: 'crowdmri-v0.2.0_T1w_mriqc_23.1.0_unique_synthetic_2026-11-28.csv'
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
    appPrefix(parts.appVersion),
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
  return `${name}.${FILE_TYPES[parts.format].extension}`;
}

/**
 * Any other file the app writes (a chart's summary table, a comparison): the app's version,
 * then `stem` made safe (letters, digits, `+`, `-`), then `_synthetic` for the mirror's records.
 * @example versionedFileName('T1w-iqm-summary', 'csv', '0.2.0') // 'crowdmri-v0.2.0_T1w-iqm-summary.csv'
 * @example versionedFileName('T1w-iqm-summary', 'csv', '0.2.0', true) // 'crowdmri-v0.2.0_T1w-iqm-summary_synthetic.csv'
 */
export function versionedFileName(
  stem: string,
  extension: string,
  appVersion: string,
  synthetic = false,
): string {
  const safeStem = stem
    .replace(/[^A-Za-z0-9+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_STEM)
    .replace(/-+$/, '');
  const parts = [appPrefix(appVersion), safeStem, synthetic ? 'synthetic' : ''];
  return `${parts.filter(Boolean).join('_')}.${extension}`;
}
