import { describe, expect, it } from 'vitest';
import { fromDecoded } from '../../frame/column.ts';
import { chartGroups } from './chart-groups.ts';
import { groupLabel } from './chart-text.ts';

/** Nine MRIQC versions, version i uploaded 10 + i times; two records without a version. */
const versions: (string | undefined)[] = [];
for (let i = 1; i <= 9; i++) for (let k = 0; k < 10 + i; k++) versions.push(`0.${i}.0`);
versions.push(undefined, undefined);
const version = fromDecoded(versions);
const makers = fromDecoded(versions.map((_, row) => ['GE', 'Siemens', 'Philips'][row % 3]));
const rows = Uint32Array.from(versions.keys());

describe('chartGroups', () => {
  it('groups by MRIQC version into the 6 most frequent versions, then Other, then Not given', () => {
    const { grouping } = chartGroups({ version }, rows, 'version');
    expect(grouping?.labels).toEqual([
      '0.4.0',
      '0.5.0',
      '0.6.0',
      '0.7.0',
      '0.8.0',
      '0.9.0',
      'Other versions (3)',
      'Not given',
    ]);
  });

  it('the version count chart lumps the same versions into Other as the grouping, under the same label', () => {
    const { counts, grouping } = chartGroups({ version, manufacturer: makers }, rows, 'version');
    const bars = counts.version?.categories.map((c) => groupLabel('version', c));
    expect(bars).toEqual(grouping?.labels);
    // Other holds versions 0.1–0.3: 11 + 12 + 13 records.
    expect(counts.version?.categories.find((c) => c.kind === 'other')?.count).toBe(36);
    // The grouping's row groups agree with the bars: each row's group is its bar.
    const { groups } = grouping!;
    const perGroup = new Array(groups.count).fill(0);
    for (const row of rows) perGroup[groups.groupOfCode[groups.codes[row]!]!]++;
    expect(perGroup).toEqual(counts.version?.categories.map((c) => c.count));
  });

  it('without grouping by version, its count chart shows every version (up to 20)', () => {
    const { counts, grouping } = chartGroups({ version }, rows, 'none');
    expect(grouping).toBeNull();
    expect(counts.version?.categories.filter((c) => c.kind === 'value')).toHaveLength(9);
  });
});
