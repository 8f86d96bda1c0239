import { describe, expect, it } from 'vitest';
import {
  type ChartSpec,
  chartedIqms,
  chartSpecParams,
  DEFAULT_CHARTS,
  parseChartSpec,
} from './chart-spec.ts';

const parse = (search: string) => parseChartSpec(new URLSearchParams(search));

describe('parseChartSpec / chartSpecParams', () => {
  it.each<[string, ChartSpec]>([
    ['', DEFAULT_CHARTS],
    ['charts=cjv%2Ccnr', { ...DEFAULT_CHARTS, iqms: ['cjv', 'cnr'] }],
    ['charts=', { ...DEFAULT_CHARTS, iqms: [] }],
    ['groupby=version&range=full', { ...DEFAULT_CHARTS, groupBy: 'version', range: 'full' }],
    [
      'scale=gcor%3Alog%2Ctsnr%3Alinear',
      { ...DEFAULT_CHARTS, scales: { gcor: 'log', tsnr: 'linear' } },
    ],
  ])('%s round-trips', (search, spec) => {
    expect(parse(search)).toEqual(spec);
    expect(new URLSearchParams(chartSpecParams(spec)).toString()).toBe(search);
  });

  it.each([
    ['an unknown grouping', 'groupby=site', { groupBy: 'none' }],
    ['an unknown range', 'range=wide', { range: 'p01-p99' }],
    [
      'a scale without an IQM or with an unknown axis',
      'scale=:log,cjv:sqrt,snr:log',
      { scales: { snr: 'log' } },
    ],
    ['repeated and blank IQMs', 'charts=cjv,,cjv, cnr', { iqms: ['cjv', 'cnr'] }],
  ])('reads %s as the default would be', (_name, search, expected) => {
    expect(parse(search)).toEqual({ ...DEFAULT_CHARTS, ...expected });
  });
});

describe('chartedIqms', () => {
  const available = ['cjv', 'cnr', 'efc'];
  const defaults = ['cjv', 'cnr'];
  it.each<[string, string[] | null, string[]]>([
    ['no list: the defaults', null, ['cjv', 'cnr']],
    [
      'a list: in its order, limited to what can be charted',
      ['efc', 'tsnr', 'cjv'],
      ['efc', 'cjv'],
    ],
    ['only IQMs of another modality: the defaults', ['tsnr', 'gcor'], ['cjv', 'cnr']],
    ['an empty list: nothing (the user removed every chart)', [], []],
  ])('%s', (_name, iqms, expected) => {
    expect(chartedIqms({ ...DEFAULT_CHARTS, iqms }, available, defaults)).toEqual(expected);
  });
});
