import { describe, expect, it } from 'vitest';
import { flattenRecord } from './flatten-record.ts';

// Expected outputs are what pandas 2.x `pd.json_normalize([record]).columns` / values give.
describe('flattenRecord (pandas.json_normalize names and order)', () => {
  it.each([
    {
      name: 'top-level scalars first, then nested leaves depth first',
      input: { _id: 'a', bids_meta: { Manufacturer: 'GE', run_id: '1' }, snr: 5 },
      expected: [
        ['_id', 'a'],
        ['snr', 5],
        ['bids_meta.Manufacturer', 'GE'],
        ['bids_meta.run_id', '1'],
      ],
    },
    {
      name: 'deep paths',
      input: { provenance: { settings: { fd_thres: 0.2, hmc_fsl: false }, version: '0.9.6' } },
      expected: [
        ['provenance.settings.fd_thres', 0.2],
        ['provenance.settings.hmc_fsl', false],
        ['provenance.version', '0.9.6'],
      ],
    },
    {
      name: 'arrays and null are leaves; an empty object yields no column',
      input: { a: [1, 2], b: null, c: {}, d: { e: {}, f: [{ g: 1 }] } },
      expected: [
        ['a', [1, 2]],
        ['b', null],
        ['d.f', [{ g: 1 }]],
      ],
    },
    {
      name: '_links are flattened like any object (the store drops them)',
      input: { _id: 'x', _links: { self: { title: 'bold', href: 'bold/x' } } },
      expected: [
        ['_id', 'x'],
        ['_links.self.title', 'bold'],
        ['_links.self.href', 'bold/x'],
      ],
    },
  ])('$name', ({ input, expected }) => {
    expect(Object.entries(flattenRecord(input))).toEqual(expected);
  });
});
