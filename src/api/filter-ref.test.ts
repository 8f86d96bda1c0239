import { describe, expect, it } from 'vitest';
import {
  canonicalQueryKey,
  type ExplorerQuery,
  isLongFilter,
  MISSING_FILTER,
  parseQuery,
  type QueryDefaults,
  serializeQuery,
  toRecordQuery,
} from './explorer-query.ts';
import { filterRef, isFilterRef, LONG_FILTER_CHARS } from './filter-ref.ts';

const MIRROR = 'http://127.0.0.1:5174/api/v1';
const defaults: QueryDefaults = { source: MIRROR, modality: 'T1w', software: 'mriqc' };
const query = (over: Partial<ExplorerQuery> = {}): ExplorerQuery => ({
  source: MIRROR,
  modality: 'T1w',
  software: 'mriqc',
  versions: [],
  where: '',
  extra: [['view', 'table']],
  ...over,
});

/** A valid filter of about `chars` characters: one `$in` over many made-up site names. */
function longFilter(chars: number): string {
  const names: string[] = [];
  for (let length = 0; length < chars; length += JSON.stringify(names.at(-1)).length + 1) {
    names.push(`site-${names.length} & "co"`);
  }
  return JSON.stringify({ 'bids_meta.InstitutionName': { $in: names } }, null, 1);
}

describe('filterRef', () => {
  it('is 32 hex digits, the same for the same text and different for another', () => {
    const text = longFilter(100_000);
    expect(filterRef(text)).toMatch(/^[0-9a-f]{32}$/);
    expect(isFilterRef(filterRef(text))).toBe(true);
    expect(filterRef(text)).toBe(filterRef(`${text}`));
    // One character changed, one swapped, one added: all different.
    const variants = [`${text.slice(0, -2)}x}`, text.replace('site-1', 'site-2'), `${text} `];
    const refs = new Set([text, ...variants].map(filterRef));
    expect(refs.size).toBe(4);
  });

  it('tells 20,000 similar filters apart', () => {
    const refs = new Set(
      Array.from({ length: 20_000 }, (_, i) => filterRef(`{"snr_total": {"$gt": ${i}}}`)),
    );
    expect(refs.size).toBe(20_000);
  });

  it('accepts only its own form as a reference', () => {
    expect(isFilterRef('0123456789abcdef0123456789abcdef')).toBe(true);
    expect(isFilterRef('0123456789ABCDEF0123456789ABCDEF')).toBe(false);
    expect(isFilterRef('abc')).toBe(false);
  });
});

describe('a long filter in the address', () => {
  const where = longFilter(100_000);

  it('is long over LONG_FILTER_CHARS as written in the address, not in raw characters', () => {
    expect(isLongFilter('{"size_x": 256}')).toBe(false);
    expect(isLongFilter(longFilter(100_000))).toBe(true);
    // 700 characters that each take 3 in the address.
    expect(isLongFilter('"'.repeat(700))).toBe(true);
    expect(isLongFilter('a'.repeat(LONG_FILTER_CHARS))).toBe(false);
  });

  it('is written as a short whereRef and read back in full through the lookup', () => {
    const search = serializeQuery(query({ where }), { shortWhere: true });
    expect(search).toBe(
      `?source=${MIRROR}&modality=T1w&software=mriqc&whereRef=${filterRef(where)}&view=table`,
    );
    expect(search.length).toBeLessThan(200);
    const held = new Map([[filterRef(where), where]]);
    expect(parseQuery(search, defaults, (ref) => held.get(ref))).toEqual(query({ where }));
  });

  it('stays as text where the whole query is kept (stored datasets), and when short', () => {
    expect(new URLSearchParams(serializeQuery(query({ where }))).get('where')).toBe(where);
    const short = '{"size_x": 256}';
    expect(
      new URLSearchParams(serializeQuery(query({ where: short }), { shortWhere: true })).get(
        'where',
      ),
    ).toBe(short);
  });

  it('not found: kept as a reference, never the unfiltered query, and not usable', () => {
    const ref = filterRef(where);
    const search = `?source=${MIRROR}&modality=T1w&software=mriqc&whereRef=${ref}&view=table`;
    const missing = parseQuery(search, defaults);
    expect(missing).toEqual(query({ where: '', whereRef: ref }));
    // Written back unchanged: a reload or another feature's URL write does not drop it.
    expect(serializeQuery(missing, { shortWhere: true })).toBe(search);
    expect(canonicalQueryKey(missing)).not.toBe(canonicalQueryKey(query()));
    expect(toRecordQuery(missing)).toEqual({ type: 'invalid', message: MISSING_FILTER });
    // Once found, it is the same dataset as the filter typed in.
    const found = parseQuery(search, defaults, () => where);
    expect(canonicalQueryKey(found)).toBe(canonicalQueryKey(query({ where })));
  });

  it('a where= in the address wins over a whereRef=', () => {
    const search = `?source=${MIRROR}&where=${encodeURIComponent('{"a": 1}')}&whereRef=${filterRef(where)}`;
    expect(parseQuery(search, defaults, () => where).where).toBe('{"a": 1}');
  });
});
