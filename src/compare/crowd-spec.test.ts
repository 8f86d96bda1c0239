import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, type ViewSpec } from '../frame/view-spec.ts';
import {
  compareVersions,
  crowdChoiceParams,
  crowdViewSpec,
  DEFAULT_CROWD,
  describeCrowd,
  parseCrowdChoice,
  versionsInRange,
} from './crowd-spec.ts';

const TABLE: ViewSpec = {
  ...DEFAULT_VIEW,
  show: 'duplicates',
  sort: [{ column: 'cjv', desc: true }],
  filters: [{ column: 'snr_total', type: 'range', min: 5 }],
};

describe('the crowd', () => {
  it('is unique scans by default, whatever the table shows, with the table filters', () => {
    const spec = crowdViewSpec(TABLE, DEFAULT_CROWD, []);
    expect(spec.show).toBe('unique');
    expect(spec.dedup).toBe(TABLE.dedup);
    expect(spec.filters).toEqual(TABLE.filters);
    expect(spec.sort).toEqual([]);
  });

  it('can be every upload, without the table filters, matched on maker, field and versions', () => {
    const spec = crowdViewSpec(
      TABLE,
      {
        uploads: 'all',
        maker: 'GE',
        tesla: '3',
        versionFrom: '0.16.0',
        versionTo: '22.0.6',
        tableFilters: false,
      },
      ['0.9.2', '0.16.1', '22.0.6', '23.1.0', '22.0.6rc1'],
    );
    expect(spec.show).toBe('all');
    expect(spec.filters).toEqual([
      { column: 'bids_meta.Manufacturer', type: 'in', values: ['GE'] },
      { column: 'bids_meta.MagneticFieldStrength', type: 'in', values: ['3'] },
      { column: 'provenance.version', type: 'in', values: ['0.16.1', '22.0.6', '22.0.6rc1'] },
    ]);
  });

  it('lives in the URL: defaults leave no param, every choice round-trips', () => {
    expect(crowdChoiceParams(DEFAULT_CROWD)).toEqual([]);
    const choice = {
      uploads: 'all',
      maker: 'Philips Medical Systems',
      tesla: '1.5',
      versionFrom: '0.15.0',
      versionTo: null,
      tableFilters: false,
    } as const;
    const params = new URLSearchParams(crowdChoiceParams(choice));
    expect(parseCrowdChoice(new URLSearchParams(params.toString()))).toEqual(choice);
    // a hand-edited link with nonsense falls back to the defaults
    expect(parseCrowdChoice(new URLSearchParams('crowd=everything&c_maker='))).toEqual(
      DEFAULT_CROWD,
    );
  });

  it('says what it is, its size first', () => {
    expect(describeCrowd({ ...DEFAULT_CROWD, maker: 'GE', versionFrom: '22.0.0' }, 2900, 1)).toBe(
      "2,900 unique scans (duplicate uploads left out), Manufacturer GE, MRIQC 22.0.0 to latest, the table's filter",
    );
    expect(describeCrowd({ ...DEFAULT_CROWD, uploads: 'all', tableFilters: false }, 12, 2)).toBe(
      '12 uploads (duplicates included)',
    );
  });
});

describe('MRIQC versions in release order', () => {
  it('compares numeric parts as numbers, pre-releases before their release', () => {
    const sorted = ['23.1.0', '0.9.10', '0.16.1', '23.1.0rc1', '0.9.2', '22.0.6'].sort(
      compareVersions,
    );
    expect(sorted).toEqual(['0.9.2', '0.9.10', '0.16.1', '22.0.6', '23.1.0rc1', '23.1.0']);
  });

  it('keeps the versions in a range, either end open', () => {
    expect(versionsInRange(['0.9.2', '0.16.1', '23.1.0'], null, '0.16.1')).toEqual([
      '0.9.2',
      '0.16.1',
    ]);
    expect(versionsInRange(['0.9.2', '0.16.1', '23.1.0'], null, null)).toHaveLength(3);
  });
});
