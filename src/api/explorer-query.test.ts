import { describe, expect, it } from 'vitest';
import knownVersions from '../data/versions.json';
import {
  canonicalQueryKey,
  type ExplorerQuery,
  parseQuery,
  type QueryDefaults,
  REQUEST_LINE_LIMIT,
  requestTooLong,
  serializeQuery,
  toRecordQuery,
} from './explorer-query.ts';

const PUBLIC = 'https://mriqc.nimh.nih.gov/api/v1';
const MIRROR = 'http://127.0.0.1:5174/api/v1';
const defaults: QueryDefaults = { source: PUBLIC, modality: 'T1w', software: 'mriqc' };
const query = (over: Partial<ExplorerQuery> = {}): ExplorerQuery => ({
  source: MIRROR,
  modality: 'T1w',
  software: 'mriqc',
  versions: [],
  where: '',
  extra: [],
  ...over,
});

describe('parseQuery', () => {
  const cases: [string, Partial<ExplorerQuery>][] = [
    ['', { source: PUBLIC }],
    ['?', { source: PUBLIC }],
    [
      `?source=${MIRROR}&modality=bold&software=mriqc&versions=22.0.6,23.1.0`,
      { modality: 'bold', versions: ['22.0.6', '23.1.0'] },
    ],
    ['?source=http://127.0.0.1:5174/api/v1/', {}],
    [`?source=${encodeURIComponent(MIRROR)}`, {}],
    [`?source=${MIRROR}&modality=t2w`, { modality: 'T2w' }],
    [`?source=${MIRROR}&modality=FLAIR`, {}],
    [`?source=${MIRROR}&software=`, { software: '' }],
    [`?source=${MIRROR}&software=%20my%20tool%20`, { software: ' my tool ' }],
    [`?source=${MIRROR}&versions=%2023.1.0,,23.1.0,22.0.6,`, { versions: ['23.1.0', '22.0.6'] }],
    [`?source=${MIRROR}&versions=23.1.0.dev9%2Bg936aae7`, { versions: ['23.1.0.dev9+g936aae7'] }],
    [
      `?source=${MIRROR}&where=${encodeURIComponent('{"a": "x&y+z#1"}')}`,
      { where: '{"a": "x&y+z#1"}' },
    ],
    [`?source=${MIRROR}&where={"size_x":`, { where: '{"size_x":' }],
    [`?source=${MIRROR}&modality=bold&modality=T1w`, { modality: 'bold' }],
    [
      `?dedup=md5sum&source=${MIRROR}&keep=first&view=table&dedup=md5sum+version`,
      {
        extra: [
          ['dedup', 'md5sum'],
          ['keep', 'first'],
          ['view', 'table'],
          ['dedup', 'md5sum version'],
        ],
      },
    ],
  ];
  it.each(cases)('%s', (search, expected) => {
    expect(parseQuery(search, defaults)).toEqual(query(expected));
  });
});

describe('serializeQuery', () => {
  const cases: [Partial<ExplorerQuery>, string][] = [
    [{}, `?source=${MIRROR}&modality=T1w&software=mriqc`],
    [{ software: '' }, `?source=${MIRROR}&modality=T1w&software=`],
    [
      { modality: 'bold', versions: ['22.0.6', '23.1.0', '22.0.6'] },
      `?source=${MIRROR}&modality=bold&software=mriqc&versions=22.0.6,23.1.0`,
    ],
    [
      { where: '{"a": "x&y+z#1%"}' },
      `?source=${MIRROR}&modality=T1w&software=mriqc&where=%7B%22a%22:%20%22x%26y%2Bz%231%25%22%7D`,
    ],
    [{ where: '   ' }, `?source=${MIRROR}&modality=T1w&software=mriqc`],
    [
      {
        extra: [
          ['dedup', 'md5sum'],
          ['view', 'table'],
        ],
      },
      `?source=${MIRROR}&modality=T1w&software=mriqc&dedup=md5sum&view=table`,
    ],
  ];
  it.each(cases)('%j', (over, search) => {
    expect(serializeQuery(query(over))).toBe(search);
  });

  it.each([
    query(),
    query({ software: '', modality: 'T2w' }),
    query({
      versions: ['24.0.2', '4ec19cb174cd4ea799d9cecc5e6f6d3b2d1cd9fe', '23.1.0.dev9+g936aae7'],
    }),
    query({ where: '{\n  "bids_meta.TaskName": "rest & relax #1 +50%"\n}' }),
    query({
      extra: [
        ['keep', 'last'],
        ['view', 'charts'],
      ],
    }),
  ])('round-trips through parseQuery (%#)', (q) => {
    expect(parseQuery(serializeQuery(q), defaults)).toEqual(q);
  });
});

describe('canonicalQueryKey', () => {
  it('is the same for the same records however they are written', () => {
    const a = query({
      versions: ['23.1.0', '22.0.6', '23.1.0'],
      where: '{"b": 1, "a": {"$gt": 2}}',
    });
    const b = query({
      source: `${MIRROR}/`,
      versions: ['22.0.6', '23.1.0'],
      where: ' {"a":{"$gt":2}, "b":1} ',
      software: 'mriqc ',
      extra: [['view', 'table']],
    });
    expect(canonicalQueryKey(a)).toBe(canonicalQueryKey(b));
  });

  it('is exactly sorted JSON', () => {
    expect(canonicalQueryKey(query({ versions: ['b', 'a'], where: '{"z": 1, "y": 2}' }))).toBe(
      `{"modality":"T1w","software":"mriqc","source":"${MIRROR}","versions":["a","b"],"where":"{\\"y\\":2,\\"z\\":1}"}`,
    );
  });

  it.each<Partial<ExplorerQuery>>([
    { source: PUBLIC },
    { modality: 'bold' },
    { software: '' },
    { versions: ['22.0.6'] },
    { where: '{"a": 1}' },
    { where: '{"a": 2}' },
  ])('differs when the records differ: %j', (over) => {
    expect(canonicalQueryKey(query(over))).not.toBe(canonicalQueryKey(query()));
  });

  it('keeps an invalid filter as trimmed text', () => {
    expect(canonicalQueryKey(query({ where: ' {"a": ' }))).toContain('"where":"{\\"a\\":"');
  });
});

describe('toRecordQuery', () => {
  it.each<[Partial<ExplorerQuery>, ReturnType<typeof toRecordQuery>]>([
    [{}, { type: 'valid', query: { software: 'mriqc', versions: [], filter: null } }],
    [
      { software: ' x ', versions: [' 1 ', '1'], where: '{"a": 1}' },
      { type: 'valid', query: { software: 'x', versions: ['1'], filter: { a: 1 } } },
    ],
  ])('%j', (over, result) => {
    expect(toRecordQuery(query(over))).toEqual(result);
  });

  it('passes on the filter message', () => {
    expect(toRecordQuery(query({ where: '[]' }))).toMatchObject({
      type: 'invalid',
      message: /JSON object/,
    });
  });
});

describe('requestTooLong', () => {
  it('passes every known MRIQC version at once (2,100-character requests)', () => {
    const versions = knownVersions.tags.map((t) => t.tag);
    expect(versions.length).toBeGreaterThan(100);
    expect(requestTooLong(query({ source: PUBLIC, versions }))).toBeNull();
  });

  it('refuses a query whose requests would pass gunicorn’s 4094-byte request line, saying what to do', () => {
    const versions = Array.from({ length: 300 }, (_, i) => `custom-build-${i}`);
    const message = requestTooLong(query({ source: PUBLIC, versions }));
    expect(message).toMatch(/too long for the server/);
    const said = Number(
      (/would be ([\d,]+) characters/.exec(message ?? '')?.[1] ?? '').replace(/,/g, ''),
    );
    expect(said).toBeGreaterThan(REQUEST_LINE_LIMIT);
    expect(message).toContain('Choose fewer versions');
  });
});
