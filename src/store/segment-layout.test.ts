import { describe, expect, it } from 'vitest';
import { cellValue } from '../frame/column.ts';
import { decodeColumn, type EncodedColumn, encodeColumn } from './column-codec.ts';
import { encodeSegment, integersOf, readSegment, sliceEncoded } from './segment-layout.ts';

/** The segment's bytes as one file, read by range as a Blob would be. */
function fileOf(parts: readonly Uint8Array[]) {
  const size = parts.reduce((n, p) => n + p.byteLength, 0);
  const file = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    file.set(p, at);
    at += p.byteLength;
  }
  const reads: Array<[number, number]> = [];
  const read = async (start: number, end: number) => {
    reads.push([start, end]);
    return file.slice(start, end);
  };
  return { file, read, reads };
}

/** Values `values` as stored (chunk codec), through a segment and back. */
async function roundTrip(values: unknown[], counts = [values.length]) {
  const column = encodeColumn(values, values.length);
  const segment = encodeSegment(column, counts);
  const { read } = fileOf(segment.parts);
  const back = await readSegment(segment.layout, counts, read);
  return { column, segment, back, decoded: decodeColumn(back) };
}

describe('segments: every column kind reads back exactly', () => {
  const cases: Array<[string, unknown[], string]> = [
    ['small integers', [1, 2, null, -5, 127], 'i8'],
    ['integers past a byte', [1000, -30000, undefined, 7], 'i16'],
    ['integers past 16 bits', [70000, -2_000_000_000, 0, null], 'i32'],
    ['the i8 marker itself is a value', [-128, 1], 'i16'],
    ['floats a float32 holds', [0.5, 0.25, -1.75, null, 3], 'f32'],
    ['doubles', [0.1, 2.5, null, 1e300], 'f64'],
    ['negative zero stays -0', [-0, 1, 2], 'f32'],
    ['integers beyond i32', [2 ** 40, 1], 'f32'],
    ['integers beyond float32', [2 ** 40 + 1, 1], 'f64'],
  ];
  for (const [what, values, type] of cases) {
    it(`numbers: ${what} (${type})`, async () => {
      const { segment, decoded } = await roundTrip(values);
      expect(segment.layout).toEqual({ kind: 'number', type });
      const expected = values.map((v) => (v === null ? undefined : v));
      expect(decoded).toEqual(expected);
      for (const [i, v] of decoded.entries()) expect(Object.is(v, expected[i])).toBe(true);
    });
    it(`numbers: ${what} (${type}), each cell read from the stored width`, async () => {
      const { back } = await roundTrip(values);
      if (back.kind !== 'number') throw new Error(`read back as ${back.kind}`);
      expect(back.narrow === undefined).toBe(type === 'f64');
      values.forEach((v, row) => {
        expect(Object.is(cellValue(back, row), v === null ? undefined : v)).toBe(true);
      });
    });
  }

  it('dates as whole seconds, and as ms when they have none to spare', async () => {
    const dates = ['Tue, 22 Aug 2017 19:10:36 GMT', undefined, 'Thu, 01 Jan 1970 00:00:00 GMT'];
    const { segment, decoded, column } = await roundTrip(dates);
    expect(column.kind).toBe('http-date');
    expect(segment.layout).toEqual({ kind: 'http-date', type: 'u32s' });
    expect(decoded).toEqual(dates);
    // Before 1970 (negative ms): kept as doubles.
    const old = ['Wed, 31 Dec 1969 23:59:59 GMT', 'Tue, 22 Aug 2017 19:10:36 GMT'];
    const back = await roundTrip(old);
    expect(back.segment.layout).toEqual({ kind: 'http-date', type: 'f64' });
    expect(back.decoded).toEqual(old);
  });

  it('hex digests with rows missing', async () => {
    const md5 = ['0123456789abcdef0123456789abcdef', undefined, 'ffffffffffffffffffffffffffffffff'];
    const { segment, decoded } = await roundTrip(md5);
    expect(segment.layout.kind).toBe('hex');
    expect(decoded).toEqual(md5);
  });

  it('dictionaries with 1-, 2- and 4-byte codes', async () => {
    for (const distinct of [3, 300, 70_001]) {
      const values = Array.from({ length: distinct * 2 }, (_, i) =>
        i % 7 === 0 ? undefined : `v${i % distinct}`,
      );
      const { segment, decoded, column } = await roundTrip(values);
      expect(column.kind).toBe('dict');
      const bytes = distinct < 255 ? 1 : distinct < 65535 ? 2 : 4;
      expect(segment.layout).toMatchObject({ kind: 'dict', codeBytes: bytes });
      expect(decoded).toEqual(values);
    }
  });

  it('a dictionary of booleans, numbers and text (a mixed column)', async () => {
    const values = [true, false, true, 'n/a', 'n/a', 3, 3, -0, true, undefined];
    const { column, decoded } = await roundTrip(values);
    expect(column.kind).toBe('dict');
    expect(decoded).toEqual(values);
  });

  it('raw values: unique text, null, missing, -0, booleans and numbers', async () => {
    const values = ['a', null, undefined, -0, 1.5, 'b', true, '[1,2]', 'c', 'é ✓'];
    const { column, segment, decoded } = await roundTrip(values, [4, 6]);
    expect(column.kind).toBe('raw');
    expect(segment.layout.kind).toBe('raw');
    expect(decoded).toEqual(values);
    expect(decoded[1]).toBeNull();
    expect(Object.is(decoded[3], -0)).toBe(true);
    expect(2 in decoded).toBe(true);
  });
});

describe('segments: a run of chunks reads only its bytes', () => {
  const counts = [3, 2, 4];
  const n = 9;
  const columns: Array<[string, unknown[]]> = [
    ['number', Array.from({ length: n }, (_, i) => (i === 4 ? undefined : i * 1.1))],
    ['dict', Array.from({ length: n }, (_, i) => (i % 3 ? 'GE' : 'Siemens'))],
    ['raw', Array.from({ length: n }, (_, i) => (i === 5 ? undefined : `free text ${i}`))],
    [
      'hex',
      Array.from({ length: n }, (_, i) => (i === 3 ? undefined : `${i}`.repeat(32).slice(0, 32))),
    ],
    [
      'http-date',
      Array.from({ length: n }, (_, i) => new Date(Date.UTC(2020, 0, 1 + i)).toUTCString()),
    ],
  ];
  for (const [kind, values] of columns) {
    it(`${kind}: each chunk, and chunks 1–2, equal the rows stored`, async () => {
      const column = encodeColumn(values, n);
      expect(column.kind).toBe(kind);
      const segment = encodeSegment(column, counts);
      const { read, reads } = fileOf(segment.parts);
      const starts = [0, 3, 5, 9];
      for (let c = 0; c < 3; c++) {
        reads.length = 0;
        const part = await readSegment(segment.layout, counts, read, c, c);
        expect(decodeColumn(part)).toEqual(values.slice(starts[c], starts[c + 1]));
        // Fixed-width bodies: the chunk's own bytes only (plus a dictionary or missing list).
        const body = reads[0] as [number, number];
        if (kind !== 'raw') expect(body[1] - body[0]).toBeLessThan(segment.bytes);
      }
      const tail = await readSegment(segment.layout, counts, read, 1, 2);
      expect(decodeColumn(tail)).toEqual(values.slice(3));
    });
  }

  it('sliceEncoded splits a read-back segment into its chunks', async () => {
    const values = ['0'.repeat(32), undefined, 'a'.repeat(32), undefined];
    const column = encodeColumn(values, 4) as EncodedColumn;
    expect(decodeColumn(sliceEncoded(column, 1, 3))).toEqual(values.slice(1, 3));
    expect(decodeColumn(sliceEncoded(column, 3, 4))).toEqual([undefined]);
  });
});

describe('integersOf', () => {
  it('reads an integer segment as stored, at each width; anything else is null', () => {
    for (const [values, type] of [
      [[0, 5, 127], 'i8'],
      [[0, 300, 7], 'i16'],
      [[1_000_000, 0, 3], 'i32'],
    ] as const) {
      const encoded = encodeSegment({ kind: 'number', values: Float64Array.from(values) }, [3]);
      expect(encoded.layout).toEqual({ kind: 'number', type });
      const bytes = new Uint8Array(encoded.parts.flatMap((p) => [...p]));
      expect(Array.from(integersOf(encoded.layout, bytes)!)).toEqual(values);
    }
    const halves = encodeSegment({ kind: 'number', values: Float64Array.of(0.5, 1) }, [2]);
    expect(integersOf(halves.layout, new Uint8Array(8))).toBeNull();
  });
});
