import { describe, expect, it } from 'vitest';
import { testDoc } from '../testing/test-collection.ts';
import { EveBadRequest, EveServerError } from './errors.ts';
import { parseProjection, planProjection, toOutputFields } from './projection.ts';

const SCHEMA = ['snr', 'size_x', 'bids_meta', 'provenance', 'rating'] as const;
const META = ['_id', '_created', '_updated', '_etag'];
const doc = testDoc(3, {
  snr: 5.5,
  secret: 'hidden', // a top-level field outside the schema
  bids_meta: { Manufacturer: 'GE', RepetitionTime: 2, extra: [1] },
  size_x: 64,
  provenance: { md5sum: 'abc', version: '23.1.0' },
});
const output = (projection: string) => toOutputFields(doc, SCHEMA, parseProjection(projection));

describe('parseProjection (eve-api.md 2.4; row 24)', () => {
  it.each<[string, unknown]>([
    ['', null],
    ['{"snr": 1}', { snr: 1 }],
    ['{}', {}],
    ['{"snr": NaN}', { snr: Number.NaN }],
  ])('%j → %j', (raw, expected) => {
    expect(parseProjection(raw)).toEqual(expected);
  });

  it.each(['[1]', '{bad', 'null', '1', '"snr"', `${'['.repeat(1000)}`])('400 for %j', (raw) => {
    expect(() => parseProjection(raw)).toThrow(EveBadRequest);
  });
});

describe('toOutputFields (eve-api.md 2.4, 3.4; rows 19–23, 47)', () => {
  it('without projection: schema fields and meta only, in stored order (row 47)', () => {
    expect(Object.keys(output(''))).toEqual([...META, 'snr', 'bids_meta', 'size_x', 'provenance']);
    expect(output('')).not.toHaveProperty('secret');
    expect(output('')._created).toBeInstanceOf(Date);
  });

  it.each<[string, string[]]>([
    ['{"snr":1}', [...META, 'snr']], // row 19
    ['{"snr":true}', [...META, 'snr']],
    ['{"snr":1.0,"size_x":"yes"}', [...META, 'snr', 'size_x']], // truthy values are kept
    ['{"bids_meta":0}', [...META, 'snr', 'size_x', 'provenance']], // row 21
    ['{"bids_meta":0,"provenance":0}', [...META, 'snr', 'size_x']],
    ['{"_etag":0,"snr":1}', [...META, 'snr']], // row 23: meta cannot be removed
    ['{"_etag":0}', [...META, 'snr', 'bids_meta', 'size_x', 'provenance']],
    ['{"unknown":1}', META], // names outside the schema are ignored
    ['{"secret":1}', META],
    ['{"snr":2}', [...META, 'snr', 'bids_meta', 'size_x', 'provenance']], // 2 is not "1": exclusive mode
    ['{}', [...META, 'snr', 'bids_meta', 'size_x', 'provenance']],
  ])('%s → %j', (projection, keys) => {
    expect(Object.keys(output(projection))).toEqual(keys);
  });

  it('dotted inclusion keeps only that sub-field (row 20)', () => {
    expect(output('{"bids_meta.Manufacturer":1,"size_x":1}')).toEqual({
      _id: doc._id,
      _created: doc._created,
      _updated: doc._updated,
      _etag: doc._etag,
      bids_meta: { Manufacturer: 'GE' },
      size_x: 64,
    });
  });

  it('nested exclusion is ignored: the whole subdocument stays (row 22)', () => {
    expect(output('{"bids_meta.Manufacturer":0}').bids_meta).toEqual(doc.bids_meta);
  });

  it('MongoDB inclusion of sub-fields: empty documents stay, arrays are projected, scalars vanish', () => {
    const odd = testDoc(4, {
      bids_meta: [{ Manufacturer: 'GE', x: 1 }, 7, { y: 2 }],
      provenance: 'a string',
      rating: {},
    });
    const plan = { 'bids_meta.Manufacturer': 1, 'provenance.md5sum': 1, 'rating.name': 1 };
    const got = toOutputFields(odd, SCHEMA, plan);
    expect(got.bids_meta).toEqual([{ Manufacturer: 'GE' }, {}]);
    expect(got).not.toHaveProperty('provenance');
    expect(got.rating).toEqual({});
  });

  it.each([
    '{"bids_meta":1,"bids_meta.Manufacturer":1}',
    '{"bids_meta.Manufacturer":2}', // exclusive mode keeps bids_meta: collision
    '{"bids_meta.":1}',
    '{"bids_meta..x":1}',
    '{"bids_meta.$":1}',
  ])('MongoDB rejects %s: 500, even for an empty page (planProjection)', (raw) => {
    expect(() => planProjection(SCHEMA, parseProjection(raw))).toThrow(EveServerError);
  });
});
