import type { FilterSpec, ViewSpec } from '../frame/view-spec.ts';

/**
 * Which crowd the user's scans are measured against: unique scans (the table's Unique view:
 * the same dedup, key and keep rule) or every upload, optionally matched on scanner maker,
 * field strength and MRIQC version range, and narrowed by the table's filters. Kept in the
 * page URL like the table's view (`?…&crowd=all&c_maker=GE&c_from=22.0.0`). Pure.
 */
export interface CrowdChoice {
  readonly uploads: 'unique' | 'all';
  /** `bids_meta.Manufacturer` exactly as stored; null = any. */
  readonly maker: string | null;
  /** `bids_meta.MagneticFieldStrength` as stored (its text); null = any. */
  readonly tesla: string | null;
  /** MRIQC versions from/to (inclusive, either open); null = open. */
  readonly versionFrom: string | null;
  readonly versionTo: string | null;
  /** Whether the table's filters narrow the crowd too. */
  readonly tableFilters: boolean;
}

export const DEFAULT_CROWD: CrowdChoice = {
  uploads: 'unique',
  maker: null,
  tesla: null,
  versionFrom: null,
  versionTo: null,
  tableFilters: true,
};

export const MAKER_FIELD = 'bids_meta.Manufacturer';
export const TESLA_FIELD = 'bids_meta.MagneticFieldStrength';
export const VERSION_FIELD = 'provenance.version';

/** The URL params this module owns. */
export const CROWD_PARAMS = ['crowd', 'c_maker', 'c_tesla', 'c_from', 'c_to', 'c_tf'] as const;

/** Below this many crowd records the 1% tails rest on one or two records: the page warns. */
export const SMALL_CROWD = 100;

/**
 * @example
 * parseCrowdChoice(new URLSearchParams('crowd=all&c_maker=GE')) // { uploads: 'all', maker: 'GE', … }
 */
export function parseCrowdChoice(params: URLSearchParams): CrowdChoice {
  const text = (key: string) => {
    const value = params.get(key);
    return value === null || value === '' ? null : value;
  };
  return {
    uploads: params.get('crowd') === 'all' ? 'all' : 'unique',
    maker: text('c_maker'),
    tesla: text('c_tesla'),
    versionFrom: text('c_from'),
    versionTo: text('c_to'),
    tableFilters: params.get('c_tf') !== '0',
  };
}

/**
 * The URL params of a choice, defaults left out.
 *
 * @example
 * crowdChoiceParams({ ...DEFAULT_CROWD, uploads: 'all' }) // [['crowd', 'all']]
 */
export function crowdChoiceParams(choice: CrowdChoice): [string, string][] {
  const out: [string, string][] = [];
  if (choice.uploads !== 'unique') out.push(['crowd', choice.uploads]);
  if (choice.maker !== null) out.push(['c_maker', choice.maker]);
  if (choice.tesla !== null) out.push(['c_tesla', choice.tesla]);
  if (choice.versionFrom !== null) out.push(['c_from', choice.versionFrom]);
  if (choice.versionTo !== null) out.push(['c_to', choice.versionTo]);
  if (!choice.tableFilters) out.push(['c_tf', '0']);
  return out;
}

const collator = new Intl.Collator('en', { numeric: true });

/**
 * MRIQC versions in release order: numeric parts compared as numbers (0.9.10 after 0.9.2,
 * 22.0.6 after 0.16.1), and a pre-release (`23.1.0rc1`) before its release.
 *
 * @example
 * compareVersions('0.9.10', '0.9.2') // > 0
 * compareVersions('23.1.0rc1', '23.1.0') // < 0
 */
export function compareVersions(a: string, b: string): number {
  const core = (v: string) => /^v?(\d+(?:\.\d+)*)(.*)$/.exec(v.trim());
  const ma = core(a);
  const mb = core(b);
  if (!ma || !mb) return collator.compare(a, b);
  const pa = ma[1]!.split('.').map(Number);
  const pb = mb[1]!.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  const ra = ma[2]!;
  const rb = mb[2]!;
  if (ra === rb) return 0;
  if (ra === '') return 1; // a release after its pre-releases
  if (rb === '') return -1;
  return collator.compare(ra, rb);
}

/**
 * The versions of `versions` between `from` and `to` (inclusive; null = open).
 *
 * @example
 * versionsInRange(['0.16.1', '22.0.6', '23.1.0'], '22.0.0', null) // ['22.0.6', '23.1.0']
 */
export function versionsInRange(
  versions: readonly string[],
  from: string | null,
  to: string | null,
): string[] {
  return versions.filter(
    (v) =>
      (from === null || compareVersions(v, from) >= 0) &&
      (to === null || compareVersions(v, to) <= 0),
  );
}

/**
 * The view whose rows are the crowd: the table's dedup settings with the chosen uploads, the
 * matches as filters (after the table's, when kept), no sort. `versions` are the MRIQC
 * versions the dataset holds (the range keeps those inside it).
 *
 * @example
 * crowdViewSpec(DEFAULT_VIEW, { ...DEFAULT_CROWD, maker: 'GE' }, []).filters
 * // [{ column: 'bids_meta.Manufacturer', type: 'in', values: ['GE'] }]
 */
export function crowdViewSpec(
  table: ViewSpec,
  choice: CrowdChoice,
  versions: readonly string[],
): ViewSpec {
  const filters: FilterSpec[] = choice.tableFilters ? [...table.filters] : [];
  if (choice.maker !== null)
    filters.push({ column: MAKER_FIELD, type: 'in', values: [choice.maker] });
  if (choice.tesla !== null)
    filters.push({ column: TESLA_FIELD, type: 'in', values: [choice.tesla] });
  if (choice.versionFrom !== null || choice.versionTo !== null)
    filters.push({
      column: VERSION_FIELD,
      type: 'in',
      values: versionsInRange(versions, choice.versionFrom, choice.versionTo),
    });
  return { ...table, show: choice.uploads, sort: [], filters, columns: null };
}

/**
 * The crowd in words, its size first.
 *
 * @example
 * describeCrowd({ ...DEFAULT_CROWD, maker: 'GE' }, 2900, 0) // '2,900 unique scans (duplicate uploads left out), Manufacturer GE'
 */
export function describeCrowd(choice: CrowdChoice, n: number, tableFilters: number): string {
  const parts = [
    choice.uploads === 'unique'
      ? `${n.toLocaleString('en-US')} unique scans (duplicate uploads left out)`
      : `${n.toLocaleString('en-US')} uploads (duplicates included)`,
  ];
  if (choice.maker !== null) parts.push(`Manufacturer ${choice.maker}`);
  if (choice.tesla !== null) parts.push(`${choice.tesla} T`);
  if (choice.versionFrom !== null || choice.versionTo !== null)
    parts.push(`MRIQC ${choice.versionFrom ?? 'any'} to ${choice.versionTo ?? 'latest'}`);
  if (choice.tableFilters && tableFilters > 0)
    parts.push(`the table's ${tableFilters === 1 ? 'filter' : `${tableFilters} filters`}`);
  return parts.join(', ');
}
