import { describe, expect, it } from 'vitest';
import { withParams } from './url-state.ts';

describe('withParams', () => {
  it.each([
    [
      'replaces its own params, keeps the others in place',
      '?modality=T1w&show=unique&view=table',
      ['show', 'sort'],
      [['sort', 'cjv']],
      '?modality=T1w&view=table&sort=cjv',
    ],
    [
      'drops its params when it writes none (defaults)',
      '?groupby=field&modality=bold',
      ['groupby'],
      [],
      '?modality=bold',
    ],
    [
      'keeps repeated params of others (filters)',
      '?f=a%3Agte%3A1&f=b%3Alte%3A2&range=full',
      ['range'],
      [],
      '?f=a%3Agte%3A1&f=b%3Alte%3A2',
    ],
    ['starts from an empty search', '', ['charts'], [['charts', 'cjv,cnr']], '?charts=cjv%2Ccnr'],
  ] as const)('%s', (_name, search, owned, params, expected) => {
    expect(
      withParams(
        search,
        new Set(owned),
        params.map(([k, v]) => [k, v]),
      ),
    ).toBe(expected);
  });
});
