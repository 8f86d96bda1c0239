import Papa from 'papaparse';
import type { CrowdHistogram } from './crowd-histogram.ts';
import type { GroupFile } from './parse-group-file.ts';
import { FLAG_ABOVE_P99, FLAG_BELOW_P01, FLAG_FAR_Z, type IqmStanding } from './scan-stats.ts';

/** One IQM of the user's file against the crowd. */
export interface IqmComparison {
  iqm: string;
  standing: IqmStanding;
  histogram: CrowdHistogram;
}

/** The user's scans against the crowd: what the table, the charts and the export show. */
export interface Comparison {
  file: GroupFile;
  /** The IQMs compared (in the file and in the crowd), in the file's order. */
  iqms: IqmComparison[];
  /** Per scan: how many IQMs are flagged. */
  flagCount: Uint16Array;
}

/**
 * @example
 * const c = assembleComparison(file, iqms);
 * c.flagCount[0] // flagged IQMs of the first scan
 */
export function assembleComparison(file: GroupFile, iqms: IqmComparison[]): Comparison {
  const flagCount = new Uint16Array(file.scans.length);
  for (const { standing } of iqms) {
    for (let s = 0; s < flagCount.length; s++) if (standing.flags[s]) flagCount[s]!++;
  }
  return { file, iqms, flagCount };
}

/** The IQMs flagged for scan `s`, in the file's order. */
export function flaggedIqms(comparison: Comparison, s: number): string[] {
  return comparison.iqms.filter((c) => c.standing.flags[s]).map((c) => c.iqm);
}

/**
 * Why a value is flagged, in words.
 *
 * @example
 * describeFlags(FLAG_ABOVE_P99 | FLAG_FAR_Z) // 'above the crowd's 99th percentile; more than 3 robust SDs from the median'
 */
export function describeFlags(flags: number): string {
  const parts: string[] = [];
  if (flags & FLAG_BELOW_P01) parts.push("below the crowd's 1st percentile");
  if (flags & FLAG_ABOVE_P99) parts.push("above the crowd's 99th percentile");
  if (flags & FLAG_FAR_Z) parts.push('more than 3 robust SDs from the median');
  return parts.join('; ');
}

export type ScanSort =
  | { by: 'name'; desc: boolean }
  | { by: 'flags'; desc: boolean }
  | { by: 'percentile'; iqm: string; desc: boolean };

const collator = new Intl.Collator('en', { numeric: true });

/**
 * Scan order for a sort: by name (natural order: sub-2 before sub-10), by flag count, or by one
 * IQM's percentile (scans without a value last, either way). Ties keep file order.
 *
 * @example
 * sortScans(comparison, { by: 'flags', desc: true })[0] // the scan with the most flags
 */
export function sortScans(comparison: Comparison, sort: ScanSort): Uint32Array {
  const { scans } = comparison.file;
  const order = Array.from(scans, (_, i) => i);
  const sign = sort.desc ? -1 : 1;
  if (sort.by === 'name') {
    order.sort((a, b) => sign * collator.compare(scans[a]!, scans[b]!) || a - b);
  } else if (sort.by === 'flags') {
    const f = comparison.flagCount;
    order.sort((a, b) => sign * (f[a]! - f[b]!) || a - b);
  } else {
    const p = comparison.iqms.find((c) => c.iqm === sort.iqm)?.standing.percentiles;
    if (p) {
      order.sort((a, b) => {
        const x = p[a]!;
        const y = p[b]!;
        if (Number.isNaN(x) || Number.isNaN(y))
          return Number(Number.isNaN(x)) - Number(Number.isNaN(y)) || a - b;
        return sign * (x - y) || a - b;
      });
    }
  }
  return Uint32Array.from(order);
}

/** A spreadsheet would run `=…`, `+…`, `-…`, `@…` as a formula: quote it as text. */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '';
}

/**
 * The comparison as CSV, one row per scan (in `order`): name, flag count, flagged IQMs, then
 * per IQM its value, percentile (2 decimals) and robust z (3 decimals). Missing = empty cell.
 *
 * @example
 * comparisonCsv(comparison, order).split('\r\n')[0] // 'bids_name,flags,flagged_iqms,cjv,cjv_percentile,cjv_robust_z,…'
 */
export function comparisonCsv(comparison: Comparison, order: ArrayLike<number>): string {
  const { file, iqms } = comparison;
  const header = ['bids_name', 'flags', 'flagged_iqms'];
  for (const { iqm } of iqms) header.push(iqm, `${iqm}_percentile`, `${iqm}_robust_z`);
  const valueAt = new Map(file.iqms.map((name, i) => [name, file.values[i]!]));
  const rows: string[][] = [];
  for (let k = 0; k < order.length; k++) {
    const s = order[k]!;
    const row = [
      safeText(file.scans[s]!),
      String(comparison.flagCount[s]),
      flaggedIqms(comparison, s).join(' '),
    ];
    for (const { iqm, standing } of iqms) {
      const value = valueAt.get(iqm)?.[s] ?? Number.NaN;
      row.push(Number.isFinite(value) ? String(value) : '');
      row.push(fixed(standing.percentiles[s]!, 2), fixed(standing.z[s]!, 3));
    }
    rows.push(row);
  }
  return Papa.unparse({ fields: header, data: rows }, { newline: '\r\n' });
}
