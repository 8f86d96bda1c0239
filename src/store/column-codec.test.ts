import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChunkBuilder, type RecordWithId } from './chunks.ts';
import { decodeColumn, encodeColumn, toStoredScalar } from './column-codec.ts';

describe('encodeColumn', () => {
  it.each([
    { name: 'numbers with missing and null', values: [1, undefined, 2.5, null], kind: 'number' },
    { name: 'all missing is numeric (NaN)', values: [undefined, undefined], kind: 'number' },
    {
      name: 'repetitive strings are dictionary-coded',
      values: ['GE', 'GE', 'GE', 'Siemens', undefined, 'GE'],
      kind: 'dict',
    },
    { name: 'booleans are dictionary-coded', values: [true, false, true, true], kind: 'dict' },
    { name: 'unique strings stay raw', values: ['a', 'b', 'c', 'd'], kind: 'raw' },
    {
      name: 'md5sums are packed as bytes',
      values: ['0'.repeat(32), undefined, 'f'.repeat(32), '0123456789abcdef'.repeat(2)],
      kind: 'hex',
    },
    {
      name: 'upload dates are packed as times',
      values: ['Tue, 22 Aug 2017 19:10:36 GMT', undefined, 'Sat, 29 Feb 2020 23:59:59 GMT'],
      kind: 'http-date',
    },
    {
      name: 'dates that would not format back stay text',
      values: ['Tue, 22 Aug 2017 19:10:36 GMT', '2017-08-22', 'x', 'y'],
      kind: 'raw',
    },
    {
      name: 'a string among numbers makes the chunk raw text',
      values: [1, 2, 'x', 4],
      kind: 'raw',
    },
  ])('$name → $kind', ({ values, kind }) => {
    const encoded = encodeColumn(values, values.length);
    expect(encoded.kind).toBe(kind);
    const expected = values.map((v) => (v === null && kind === 'number' ? undefined : v));
    expect(decodeColumn(encoded)).toEqual(expected);
  });

  it('uses NaN for missing numbers and 0 for missing dictionary codes', () => {
    const numbers = encodeColumn([1, undefined], 2);
    expect(numbers.kind === 'number' && Array.from(numbers.values)).toEqual([1, Number.NaN]);
    const dict = encodeColumn(['x', undefined, 'x', 'x'], 4);
    expect(dict.kind === 'dict' && [dict.dict, Array.from(dict.codes)]).toEqual([
      ['x'],
      [1, 0, 1, 1],
    ]);
    expect(dict.kind === 'dict' && dict.codes).toBeInstanceOf(Uint16Array);
  });

  it('keeps arrays as JSON text', () => {
    expect(toStoredScalar([1, 'a'])).toBe('[1,"a"]');
    expect(toStoredScalar('s')).toBe('s');
    expect(toStoredScalar(null)).toBe(null);
  });
});

describe('a real page of the public API (mirror/fixtures/bold-page-50.json)', () => {
  const page = JSON.parse(
    readFileSync(
      join(import.meta.dirname, '..', '..', 'mirror', 'fixtures', 'bold-page-50.json'),
      'utf8',
    ),
  ) as { _items: RecordWithId[] };
  const builder = new ChunkBuilder();
  for (const item of page._items) builder.add(item);
  const columns = new Map(builder.build().columns.map((c) => [c.name, c.column]));

  it('packs its ids, md5sums and dates', () => {
    expect(columns.get('_id')?.kind).toBe('hex');
    expect(columns.get('provenance.md5sum')?.kind).toBe('hex');
    expect(columns.get('_created')?.kind).toBe('http-date');
    expect(columns.get('_updated')?.kind).toBe('http-date');
  });

  it('gives back every field of every record exactly as served', () => {
    for (const [name, column] of columns) {
      const path = name.split('.');
      const served = page._items.map((item) => {
        let value: unknown = item;
        for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
        return value === null ? undefined : toStoredScalar(value);
      });
      expect(decodeColumn(column), name).toEqual(served);
    }
  });
});
