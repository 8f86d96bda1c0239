import Papa from 'papaparse';
import type { CrowdHistogram } from './crowd-histogram.ts';
import type { GroupFile } from './parse-group-file.ts';
import {
  chanceOfFlags,
  cutoffsOf,
  FLAG_HIGH,
  FLAG_LOW,
  type IqmStanding,
  TAIL_P,
  type TestedSide,
} from './scan-stats.ts';

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
  /** Per scan: how many IQMs were tested for flags (a tested side, a value, a crowd). */
  testedCount: Uint16Array;
  /**
   * Per scan: the chance that a scan drawn from the crowd gets as many flags or more
   * (chanceOfFlags): the smaller, the further beyond chance. 1 for no flags.
   */
  chance: Float64Array;
  /** IQMs tested for flags (the most any scan can have), and the chance per IQM. */
  tested: number;
  tailP: number;
}

/**
 * @example
 * const c = assembleComparison(file, iqms);
 * c.flagCount[0] // flagged IQMs of the first scan
 */
export function assembleComparison(file: GroupFile, iqms: IqmComparison[]): Comparison {
  const scans = file.scans.length;
  const flagCount = new Uint16Array(scans);
  const testedCount = new Uint16Array(scans);
  let tested = 0;
  for (const { standing } of iqms) {
    if (standing.tested === 'none' || standing.crowd.n === 0) continue;
    tested++;
    for (let s = 0; s < scans; s++) {
      if (standing.flags[s]) flagCount[s]!++;
      if (!Number.isNaN(standing.percentiles[s]!)) testedCount[s]!++;
    }
  }
  const chance = Float64Array.from(flagCount, (f, s) => chanceOfFlags(f, testedCount[s]!));
  return { file, iqms, flagCount, testedCount, chance, tested, tailP: TAIL_P };
}

/** What chance alone gives a file of scans drawn from the crowd, beside what this file got. */
export interface FlagRates {
  /** IQMs tested and the chance per IQM. */
  tested: number;
  tailP: number;
  /** Flags per scan expected by chance (Σ tested per scan × p / scans) and found. */
  expectedMean: number;
  observedMean: number;
  /** Scans with at least one flag: expected by chance, found. */
  expectedFlagged: number;
  flagged: number;
  /** Scans whose flag count has a chance below 1% (more flags than chance explains). */
  beyondChance: number;
}

/**
 * @example
 * flagRates(comparison).expectedMean // ≈ tested × 0.01
 */
export function flagRates(comparison: Comparison): FlagRates {
  const { flagCount, testedCount, chance, tested, tailP } = comparison;
  const scans = flagCount.length;
  let expected = 0;
  let observed = 0;
  let expectedFlagged = 0;
  let flagged = 0;
  let beyondChance = 0;
  for (let s = 0; s < scans; s++) {
    expected += testedCount[s]! * tailP;
    observed += flagCount[s]!;
    expectedFlagged += 1 - (1 - tailP) ** testedCount[s]!;
    if (flagCount[s]! > 0) flagged++;
    if (chance[s]! < 0.01) beyondChance++;
  }
  return {
    tested,
    tailP,
    expectedMean: scans > 0 ? expected / scans : 0,
    observedMean: scans > 0 ? observed / scans : 0,
    expectedFlagged,
    flagged,
    beyondChance,
  };
}

/** The IQMs flagged for scan `s`, in the file's order. */
export function flaggedIqms(comparison: Comparison, s: number): string[] {
  return comparison.iqms.filter((c) => c.standing.flags[s]).map((c) => c.iqm);
}

function ordinal(pct: number): string {
  const text = String(Number(pct.toFixed(1)));
  if (text.includes('.')) return `${text}th`;
  const n = Number(text);
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th';
  return `${text}${suffix}`;
}

/**
 * Why a value is flagged, in words: which of the crowd's percentiles it lies beyond (1st/99th
 * for a side tested alone, 0.5th/99.5th when both sides are).
 *
 * @example
 * describeFlags(FLAG_HIGH, 'high') // 'above the crowd's 99th percentile (worse than 99% of it)'
 * describeFlags(FLAG_LOW, 'both') // 'below the crowd's 0.5th percentile'
 */
export function describeFlags(flags: number, tested: TestedSide = 'both'): string {
  const cut = cutoffsOf(tested);
  const worse = tested === 'high' || tested === 'low';
  const parts: string[] = [];
  if (flags & FLAG_LOW)
    parts.push(
      `below the crowd's ${ordinal(cut.low)} percentile${worse ? ` (worse than ${100 - cut.low}% of it)` : ''}`,
    );
  if (flags & FLAG_HIGH)
    parts.push(
      `above the crowd's ${ordinal(cut.high)} percentile${worse ? ` (worse than ${cut.high}% of it)` : ''}`,
    );
  return parts.join('; ');
}

/**
 * A chance as the table shows it: a percent to two significant digits, "< 0.0001%" below.
 *
 * @example
 * formatChance(0.0123) // '1.2%'
 */
export function formatChance(chance: number): string {
  if (chance >= 1) return '100%';
  if (chance < 1e-6) return '< 0.0001%';
  return `${Number((chance * 100).toPrecision(2))}%`;
}

export type ScanSort =
  | { by: 'name'; desc: boolean }
  | { by: 'flags'; desc: boolean }
  | { by: 'percentile'; iqm: string; desc: boolean };

const collator = new Intl.Collator('en', { numeric: true });

/**
 * Scan order for a sort: by name (natural order: sub-2 before sub-10), by flags — how far
 * beyond chance (the chance of that many flags, smallest first when `desc`; then more flags
 * first) — or by one IQM's percentile (scans without a value last, either way). Ties keep
 * file order.
 *
 * @example
 * sortScans(comparison, { by: 'flags', desc: true })[0] // the scan least explained by chance
 */
export function sortScans(comparison: Comparison, sort: ScanSort): Uint32Array {
  const { scans } = comparison.file;
  const order = Array.from(scans, (_, i) => i);
  const sign = sort.desc ? -1 : 1;
  if (sort.by === 'name') {
    order.sort((a, b) => sign * collator.compare(scans[a]!, scans[b]!) || a - b);
  } else if (sort.by === 'flags') {
    const { flagCount: f, chance: c } = comparison;
    order.sort((a, b) => sign * (c[b]! - c[a]!) || sign * (f[a]! - f[b]!) || a - b);
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
 * The comparison as CSV, one row per scan (in `order`): name, flag count, IQMs tested, the
 * chance of that many flags, flagged IQMs, then per IQM its value, percentile (2 decimals) and
 * robust z (3 decimals; on the log scale for IQMs whose crowd is). Missing = empty cell.
 *
 * @example
 * comparisonCsv(comparison, order).split('\r\n')[0] // 'bids_name,flags,tested,flag_chance,flagged_iqms,cjv,cjv_percentile,cjv_robust_z,…'
 */
export function comparisonCsv(comparison: Comparison, order: ArrayLike<number>): string {
  const { file, iqms } = comparison;
  const header = ['bids_name', 'flags', 'tested', 'flag_chance', 'flagged_iqms'];
  for (const { iqm } of iqms) header.push(iqm, `${iqm}_percentile`, `${iqm}_robust_z`);
  const valueAt = new Map(file.iqms.map((name, i) => [name, file.values[i]!]));
  const rows: string[][] = [];
  for (let k = 0; k < order.length; k++) {
    const s = order[k]!;
    const row = [
      safeText(file.scans[s]!),
      String(comparison.flagCount[s]),
      String(comparison.testedCount[s]),
      comparison.chance[s]!.toPrecision(4),
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
