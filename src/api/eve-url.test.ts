import { describe, expect, it } from 'vitest';
import {
  buildCollectionUrl,
  buildProbeUrl,
  buildWhere,
  type Modality,
  type PageOptions,
  type RecordQuery,
} from './eve-url.ts';

const API = 'https://mriqc.nimh.nih.gov/api/v1';
const MRIQC = '%7B%22provenance.software%22%3A%22mriqc%22%7D';
const MRIQC_TWO_VERSIONS =
  '%7B%22provenance.software%22%3A%22mriqc%22%2C%22provenance.version%22%3A%7B%22%24in%22%3A%5B%2222.0.6%22%2C%2223.1.0%22%5D%7D%7D';

describe('buildCollectionUrl', () => {
  const cases: {
    name: string;
    modality?: Modality;
    query: RecordQuery;
    options?: PageOptions;
    url: string;
  }[] = [
    {
      name: 'no filter at all: only the stable sort',
      query: { software: '', versions: [] },
      url: `${API}/T1w?sort=_id`,
    },
    {
      name: 'software only',
      query: { software: 'mriqc', versions: [] },
      url: `${API}/T1w?where=${MRIQC}&sort=_id`,
    },
    {
      name: 'two versions in one $in, page size and page',
      query: { software: 'mriqc', versions: ['22.0.6', '23.1.0'] },
      options: { maxResults: 50, page: 3 },
      url: `${API}/T1w?where=${MRIQC_TWO_VERSIONS}&sort=_id&max_results=50&page=3`,
    },
    {
      name: 'versions trimmed and deduplicated, software trimmed',
      query: { software: ' mriqc ', versions: ['22.0.6', ' 23.1.0', '22.0.6', ''] },
      url: `${API}/T1w?where=${MRIQC_TWO_VERSIONS}&sort=_id`,
    },
    {
      name: '& + # % and space inside a value are encoded, never raw',
      modality: 'bold',
      query: { software: '', versions: [], filter: { 'bids_meta.TaskName': 'a&b+c#d%e f' } },
      url: `${API}/bold?where=%7B%22bids_meta.TaskName%22%3A%22a%26b%2Bc%23d%25e%20f%22%7D&sort=_id`,
    },
    {
      name: 'a custom sort is encoded too',
      modality: 'T2w',
      query: { software: '', versions: [] },
      options: { sort: '-_created,-_id' },
      url: `${API}/T2w?sort=-_created%2C-_id`,
    },
  ];
  it.each(cases)('$name', ({ modality = 'T1w', query, options, url }) => {
    expect(buildCollectionUrl(API, modality, query, options)).toBe(url);
  });

  it('tolerates a trailing slash on the base', () => {
    expect(buildCollectionUrl(`${API}/`, 'T1w', { software: '', versions: [] })).toBe(
      `${API}/T1w?sort=_id`,
    );
  });

  it('round-trips an awkward filter through a URL parser unchanged', () => {
    const filter = { 'bids_meta.TaskName': 'rest & relax #1 +50%', size_x: { $gte: 2.5 } };
    const url = new URL(
      buildCollectionUrl(API, 'bold', { software: 'mriqc', versions: [], filter }),
    );
    expect([...url.searchParams.keys()]).toEqual(['where', 'sort']);
    expect(JSON.parse(url.searchParams.get('where') ?? '')).toEqual({
      'provenance.software': 'mriqc',
      ...filter,
    });
  });

  it.each([0, -1, 2.5, Number.NaN])('refuses page %s', (page) => {
    expect(() => buildCollectionUrl(API, 'T1w', { software: '', versions: [] }, { page })).toThrow(
      RangeError,
    );
  });
});

describe('buildWhere', () => {
  const q = (over: Partial<RecordQuery>): RecordQuery => ({ software: '', versions: [], ...over });
  const keyset = { _id: { $gt: '5f0c0a4f9d8e7a0012345678' } };
  const cases: { name: string; query: RecordQuery; extra?: object; where: object | null }[] = [
    { name: 'nothing', query: q({}), where: null },
    {
      name: 'one version still uses $in',
      query: q({ versions: ['24.0.2'] }),
      where: { 'provenance.version': { $in: ['24.0.2'] } },
    },
    {
      name: 'distinct keys merge into one object, in order',
      query: q({ software: 'mriqc', filter: { 'bids_meta.MagneticFieldStrength': 3 } }),
      extra: keyset,
      where: { 'provenance.software': 'mriqc', 'bids_meta.MagneticFieldStrength': 3, ...keyset },
    },
    {
      name: 'a repeated key needs $and (merging would drop a condition)',
      query: q({ software: 'mriqc', filter: { 'provenance.software': 'mriqc-custom' } }),
      where: {
        $and: [{ 'provenance.software': 'mriqc' }, { 'provenance.software': 'mriqc-custom' }],
      },
    },
    {
      name: "the user's own $and next to a keyset: no clash, merged",
      query: q({ filter: { $and: [{ size_x: 256 }, { size_y: 256 }] } }),
      extra: keyset,
      where: { $and: [{ size_x: 256 }, { size_y: 256 }], ...keyset },
    },
    {
      name: "the user's _id condition and a keyset: $and",
      query: q({ filter: { _id: { $lt: 'ffffffffffffffffffffffff' } } }),
      extra: keyset,
      where: { $and: [{ _id: { $lt: 'ffffffffffffffffffffffff' } }, keyset] },
    },
    { name: 'an empty filter object adds nothing', query: q({ filter: {} }), where: null },
  ];
  it.each(cases)('$name', ({ query, extra, where }) => {
    expect(buildWhere(query, extra as never)).toEqual(where);
  });

  it('keeps every key when merging, `__proto__` too (Object.assign dropped it)', () => {
    const filter = JSON.parse('{"__proto__": {"x": 1}}');
    const where = buildWhere(q({ software: 'mriqc', filter }));
    expect(JSON.stringify(where)).toBe('{"provenance.software":"mriqc","__proto__":{"x":1}}');
  });

  it('keeps key order stable (software, version, filter, extra)', () => {
    const where = buildWhere(q({ software: 's', versions: ['v'], filter: { a: 1 } }), { b: 2 });
    expect(Object.keys(where ?? {})).toEqual([
      'provenance.software',
      'provenance.version',
      'a',
      'b',
    ]);
  });
});

describe('buildProbeUrl', () => {
  it.each([
    [API, 'T1w', `${API}/T1w?max_results=1`],
    ['http://127.0.0.1:5174/api/v1//', 'bold', 'http://127.0.0.1:5174/api/v1/bold?max_results=1'],
  ] as const)('%s %s', (base, modality, url) => {
    expect(buildProbeUrl(base, modality)).toBe(url);
  });
});
