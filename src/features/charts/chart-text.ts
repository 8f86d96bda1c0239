import type { Category } from '../../frame/categories.ts';

/** Words of the charts: numbers, units, group names. No React, so they are unit-tested. */

export type GroupBy = 'none' | 'manufacturer' | 'field' | 'version';

/** The column behind each "Group by" choice. */
export const GROUP_COLUMNS: Record<Exclude<GroupBy, 'none'>, string> = {
  manufacturer: 'bids_meta.Manufacturer',
  field: 'bids_meta.MagneticFieldStrength',
  version: 'provenance.version',
};

export const GROUP_NAMES: Record<GroupBy, string> = {
  none: 'No grouping',
  manufacturer: 'Manufacturer',
  field: 'Field strength',
  version: 'MRIQC version',
};

const counts = new Intl.NumberFormat('en-US');
const figures = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

/** @example formatCount(1234567) // '1,234,567' */
export function formatCount(n: number): string {
  return counts.format(n);
}

/**
 * Four significant digits, plain notation, '–' for no value.
 *
 * @example
 * formatValue(0.123456) // '0.1235'
 * formatValue(NaN) // '–'
 */
export function formatValue(v: number): string {
  return Number.isFinite(v) ? figures.format(v) : '–';
}

/**
 * The unit for an axis label: the catalogue's first words (its notes stay in the description),
 * "dimensionless" for ratios and indices.
 *
 * @example
 * shortUnit('voxels (MRIQC >= 0.9.5 divides …)') // 'voxels'
 * shortUnit(null) // 'dimensionless'
 */
export function shortUnit(unit: string | null | undefined): string {
  if (!unit) return 'dimensionless';
  const cut = unit.indexOf(' (');
  return (cut > 0 ? unit.slice(0, cut) : unit).trim();
}

/**
 * A group's name as a reader sees it in legends and tables.
 *
 * @example
 * groupLabel('field', { kind: 'value', value: '3', count: 9, distinct: 1 }) // '3 T'
 * groupLabel('version', { kind: 'other', value: '', count: 9, distinct: 4 }) // 'Other versions (4)'
 */
export function groupLabel(by: GroupBy, category: Category): string {
  switch (category.kind) {
    case 'missing':
      return 'Not given';
    case 'other': {
      const what = by === 'version' ? 'versions' : by === 'field' ? 'strengths' : 'makers';
      return `Other ${what} (${category.distinct})`;
    }
    case 'value':
      if (by === 'field') return `${category.value} T`;
      return category.value;
  }
}

/**
 * "n below p01, m above p99 not shown" (or against min/max), plus values a log axis can't show.
 *
 * @example
 * hiddenNote({ below: 3, above: 1, nonPositive: 0, range: 'p01-p99' }) // '3 below p01, 1 above p99 not shown'
 */
export function hiddenNote(hidden: {
  below: number;
  above: number;
  nonPositive: number;
  range: 'p01-p99' | 'full';
}): string {
  const parts: string[] = [];
  if (hidden.range === 'p01-p99') {
    parts.push(
      `${formatCount(hidden.below)} below p01, ${formatCount(hidden.above)} above p99 not shown`,
    );
  } else if (hidden.below + hidden.above > 0) {
    parts.push(`${formatCount(hidden.below + hidden.above)} outside the axis not shown`);
  }
  if (hidden.nonPositive > 0) {
    parts.push(`${formatCount(hidden.nonPositive)} values ≤ 0 left out of the log axis`);
  }
  return parts.join('; ');
}
