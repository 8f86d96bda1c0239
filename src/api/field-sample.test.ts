import { describe, expect, it } from 'vitest';
import { buildPageUrl } from './eve-url.ts';
import { checkFieldName, sampleValues } from './field-sample.ts';

describe('sampleValues', () => {
  it('lists plain values most frequent first, skipping missing, lists and objects', () => {
    const items = [
      { bids_meta: { EchoTime: 0.03 } },
      { bids_meta: { EchoTime: 0.025 } },
      { bids_meta: { EchoTime: 0.025 } },
      { bids_meta: {} },
      { bids_meta: { EchoTime: [1, 2] } },
      { bids_meta: { EchoTime: { a: 1 } } },
      { bids_meta: { EchoTime: null } },
      {},
    ];
    expect(sampleValues(items, 'bids_meta.EchoTime')).toEqual([
      { value: 0.025, seen: 2 },
      { value: 0.03, seen: 1 },
    ]);
  });

  it('keeps spellings apart (matching is case-sensitive) and reads inherited names as missing', () => {
    const items = [{ m: 'GE' }, { m: 'ge' }, { m: true }, {}];
    expect(sampleValues(items, 'm').map((v) => v.value)).toEqual(['GE', 'ge', true]);
    expect(sampleValues(items, 'constructor')).toEqual([]);
  });
});

describe('checkFieldName', () => {
  it.each([
    ['  bids_meta.EchoTime ', { type: 'valid', field: 'bids_meta.EchoTime' }],
    ['', { type: 'invalid' }],
    ['$or', { type: 'invalid' }],
    ['bids_meta..x', { type: 'invalid' }],
    ['bids_meta.__proto__', { type: 'invalid' }],
  ])('%j', (text, expected) => {
    expect(checkFieldName(text)).toMatchObject(expected);
  });
});

describe('buildPageUrl projection', () => {
  it('asks for one field only', () => {
    const url = buildPageUrl('http://h/api/v1', 'T1w', {
      where: null,
      maxResults: 50,
      projection: { 'bids_meta.EchoTime': 1 },
    });
    expect(new URL(url).searchParams.get('projection')).toBe('{"bids_meta.EchoTime":1}');
  });
});
