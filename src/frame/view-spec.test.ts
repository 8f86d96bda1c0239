import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  type FilterSpec,
  formatFilter,
  parseFilter,
  parseViewSpec,
  type ViewSpec,
  viewSpecParams,
} from './view-spec.ts';

describe('parseFilter / formatFilter', () => {
  it.each<[string, FilterSpec]>([
    ['cjv:range:0.5..', { column: 'cjv', type: 'range', min: 0.5 }],
    ['cjv:range:..2', { column: 'cjv', type: 'range', max: 2 }],
    ['snr_total:range:-1..1e3', { column: 'snr_total', type: 'range', min: -1, max: 1000 }],
    [
      'provenance.version:eq:23.1.0',
      { column: 'provenance.version', type: 'equals', value: '23.1.0' },
    ],
    ['_id:contains:5a:b', { column: '_id', type: 'contains', text: '5a:b' }],
    [
      'bids_meta.Manufacturer:in:["GE","Siemens"]',
      { column: 'bids_meta.Manufacturer', type: 'in', values: ['GE', 'Siemens'] },
    ],
    ['m:in:["GE",null]', { column: 'm', type: 'in', values: ['GE'], missing: true }],
  ])('%s', (text, filter) => {
    expect(parseFilter(text)).toEqual(filter);
    expect(parseFilter(formatFilter(filter))).toEqual(filter);
  });

  it.each([
    'cjv',
    'cjv:range',
    ':range:1..2',
    'cjv:range:1-2',
    'cjv:range:..',
    'cjv:range:a..b',
    'cjv:between:1..2',
    'm:in:GE',
    'm:in:{"a":1}',
    'x:contains:',
  ])('drops the unreadable %s', (text) => {
    expect(parseFilter(text)).toBeNull();
  });
});

describe('parseViewSpec / viewSpecParams', () => {
  it('reads every view param', () => {
    const spec = parseViewSpec(
      new URLSearchParams(
        'dedup=md5sum%2Bversion&keep=last&show=duplicates&sort=-snr_total,cjv&f=cjv:range:..1&f=_id:contains:5a&cols=_id,cjv',
      ),
    );
    expect(spec).toEqual<ViewSpec>({
      dedup: 'md5sum+version',
      keep: 'last',
      show: 'duplicates',
      sort: [
        { column: 'snr_total', desc: true },
        { column: 'cjv', desc: false },
      ],
      filters: [
        { column: 'cjv', type: 'range', max: 1 },
        { column: '_id', type: 'contains', text: '5a' },
      ],
      columns: ['_id', 'cjv'],
    });
  });

  it('takes the defaults for missing or unknown values, and ignores other params', () => {
    expect(
      parseViewSpec([
        ['show', 'everything'],
        ['keep', 'middle'],
        ['dedup', 'sha1'],
        ['modality', 'T1w'],
        ['f', 'junk'],
        ['sort', ',-,'],
      ]),
    ).toEqual(DEFAULT_VIEW);
  });

  it('leaves the defaults out of the URL and round-trips the rest', () => {
    expect(viewSpecParams(DEFAULT_VIEW)).toEqual([]);
    const spec: ViewSpec = {
      dedup: 'md5sum',
      keep: 'first',
      show: 'unique',
      sort: [{ column: 'cjv', desc: true }],
      filters: [{ column: 'm', type: 'in', values: ['GE'], missing: true }],
      columns: ['cjv'],
    };
    const params = viewSpecParams(spec);
    expect(params).toEqual([
      ['show', 'unique'],
      ['sort', '-cjv'],
      ['f', 'm:in:["GE",null]'],
      ['cols', 'cjv'],
    ]);
    expect(parseViewSpec(new URLSearchParams(new URLSearchParams(params).toString()))).toEqual(
      spec,
    );
  });

  it('keeps an empty column list apart from "the defaults"', () => {
    expect(parseViewSpec([['cols', '']]).columns).toEqual([]);
    expect(parseViewSpec([]).columns).toBeNull();
  });
});
