import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cellText, formatNumber, neutralise } from './cell-text.ts';
import { ByteBuffer, encodeCells, encodeHeader, encodeRows } from './csv-bytes.ts';
import { type BlockCells, headerLine, type RowWriter, unparseRows } from './csv-rows.ts';
import type { TextFormat } from './formats.ts';

const WRITERS: RowWriter[] = ['papaparse', 'fast'];

/** The text a writer gives; the fast one's bytes decoded, from a tiny buffer that must grow. */
function write(columns: BlockCells[], format: TextFormat, writer: RowWriter): string {
  const rows = columns[0]?.length ?? 0;
  if (writer === 'papaparse') return unparseRows(columns, 0, rows, format);
  const out = new ByteBuffer(4);
  encodeRows(columns, 0, rows, format, out);
  return new TextDecoder().decode(out.view());
}

/** Parses a written block the way a reader would (no type guessing: cells as text). */
function parse(text: string, format: TextFormat): string[][] {
  const result = Papa.parse<string[]>(text, {
    delimiter: format === 'csv' ? ',' : '\t',
    newline: format === 'csv' ? '\r\n' : '\n',
    skipEmptyLines: false,
  });
  expect(result.errors).toEqual([]);
  // Every line ends with a newline, so the parser sees one empty row after the last.
  expect(result.data.at(-1)).toEqual(['']);
  return result.data.slice(0, -1);
}

describe.each(WRITERS)('writeRows (%s)', (writer) => {
  // [name, served text cell, exact CSV field]: hand-written per RFC 4180.
  const quoting: Array<[string, string, string]> = [
    ['plain', 'Siemens', 'Siemens'],
    ['comma', 'GE, Inc', '"GE, Inc"'],
    ['double quote', 'a "b" c', '"a ""b"" c"'],
    ['newline', 'line1\nline2', '"line1\nline2"'],
    ['carriage return inside', 'a\rb', '"a\rb"'],
    ['CRLF inside', 'a\r\nb', '"a\r\nb"'],
    ['leading space', ' x', '" x"'],
    ['trailing space', 'x ', '"x "'],
    ['unicode', 'Größe µs 磁気 🧠', 'Größe µs 磁気 🧠'],
    ['tab in CSV (no quotes needed)', 'a\tb', 'a\tb'],
    ['empty string is empty', '', ''],
  ];
  it.each(quoting)('CSV quoting: %s', (_name, value, field) => {
    const text = write([['first'], [value], [2]], 'csv', writer);
    expect(text).toBe(`first,${field},2\r\n`);
    expect(parse(text, 'csv')).toEqual([['first', value, '2']]);
  });

  it.each([
    ['tab', 'a\tb', '"a\tb"'],
    ['comma (no quotes needed)', 'a,b', 'a,b'],
    ['newline', 'a\nb', '"a\nb"'],
  ])('TSV quoting: %s', (_name, value, field) => {
    const text = write([['first'], [value]], 'tsv', writer);
    expect(text).toBe(`first\t${field}\n`);
    expect(parse(text, 'tsv')).toEqual([['first', value]]);
  });

  // Each character OWASP lists, at the start of a text cell, gets a leading quote.
  it.each([
    ['=', '=1+1'],
    ['+', '+1'],
    ['-', '-1'],
    ['@', '@SUM(A1)'],
    ['tab', '\tx'],
    ['carriage return', '\rx'],
  ])('neutralises a text cell starting with %s', (_name, value) => {
    const text = write([[value]], 'csv', writer);
    const [[field]] = parse(text, 'csv') as [[string]];
    expect(field).toBe(`'${value}`);
  });

  it('writes the HYPERLINK payload as inert text that reads back with its quote', () => {
    const payload = '=HYPERLINK("http://example.invalid","x")';
    const text = write([[payload]], 'csv', writer);
    expect(text).toBe(`"'=HYPERLINK(""http://example.invalid"",""x"")"\r\n`);
    expect(parse(text, 'csv')).toEqual([[`'${payload}`]]);
  });

  it('leaves negative numbers alone, in number columns and as numbers in mixed columns', () => {
    const text = write([Float64Array.of(-1.5, -0.001), [-7, '-7']], 'csv', writer);
    expect(parse(text, 'csv')).toEqual([
      ['-1.5', '-7'],
      ['-0.001', "'-7"],
    ]);
  });

  it('reads back every double exactly (papaparse parse → Number → Object.is)', () => {
    const doubles = [
      0.1 + 0.2,
      1e-300,
      5e-324,
      -0,
      0,
      2 ** 53,
      2 ** 53 + 2,
      -(2 ** 63),
      1.7976931348623157e308,
      123456789012345680000,
      1e21,
      -1e-7,
      Math.PI,
      2855500,
      3165.384765625,
      -7,
      -2147483648,
      2147483647,
      2147483648,
      -4294967296,
      1e15,
    ];
    for (const cells of [Float64Array.from(doubles), [...doubles]] as BlockCells[]) {
      const parsed = parse(write([cells], 'csv', writer), 'csv').map(([field]) => Number(field));
      expect(parsed).toHaveLength(doubles.length);
      parsed.forEach((value, i) => {
        expect(Object.is(value, doubles[i]), `${doubles[i]} read back as ${value}`).toBe(true);
      });
    }
  });

  it('writes missing values as empty cells: NaN, undefined, null', () => {
    const text = write(
      [Float64Array.of(Number.NaN, 1), [undefined, null], ['x', 'y']],
      'csv',
      writer,
    );
    expect(text).toBe(',,x\r\n1,,y\r\n');
  });

  it('keeps a one-column row with a missing value as a row ("")', () => {
    const text = write([Float64Array.of(1, Number.NaN, 2)], 'csv', writer);
    expect(text).toBe('1\r\n""\r\n2\r\n');
    expect(parse(text, 'csv')).toEqual([['1'], [''], ['2']]);
  });

  it('writes arrays (stored as JSON text) and booleans as text', () => {
    const text = write([['[1,2.5,"a"]'], [false], [[3, 4]]], 'csv', writer);
    expect(parse(text, 'csv')).toEqual([['[1,2.5,"a"]', 'false', '[3,4]']]);
  });

  it('writes HTML/script and a 100 kB string unchanged', () => {
    const big = 'x'.repeat(100_000);
    const html = '<script>alert("x")</script>';
    expect(parse(write([[html], [big]], 'csv', writer), 'csv')).toEqual([[html, big]]);
  });
});

describe('writers agree', () => {
  it('papaparse and the fast bytes give the same text for random mixed cells', () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pieces = [
      'a',
      ',',
      '"',
      '\n',
      '\r',
      '\t',
      ' ',
      '=',
      '-',
      '+',
      '@',
      'é',
      '\ufeff',
      '1',
      '🧠',
    ];
    const randomValue = (): unknown => {
      const r = random();
      if (r < 0.1) return undefined;
      if (r < 0.2) return (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      if (r < 0.3) return Math.round((random() - 0.5) * 10 ** Math.floor(random() * 12));
      if (r < 0.35) return random() < 0.5;
      const length = Math.floor(random() * 6);
      return Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    };
    for (const format of ['csv', 'tsv'] as const) {
      for (const width of [1, 2, 7]) {
        const columns: BlockCells[] = Array.from({ length: width }, (_, c) =>
          c === 0
            ? Float64Array.from({ length: 300 }, () =>
                random() < 0.1 ? Number.NaN : random() - 0.5,
              )
            : Array.from({ length: 300 }, randomValue),
        );
        const reference = write(columns, format, 'papaparse');
        expect(write(columns, format, 'fast')).toBe(reference);
        // Text encoded as fields first (as the app gathers it), then copied into rows.
        const encoded = columns.map((c) =>
          c instanceof Float64Array ? c : encodeCells(c, format),
        );
        const out = new ByteBuffer(8);
        encodeRows(encoded, 0, 300, format, out);
        expect(new TextDecoder().decode(out.view())).toBe(reference);
      }
    }
  });
});

describe('header', () => {
  const names = ['_id', 'bids_meta.Manufacturer', 'provenance.settings.fd_thres'];
  it('writes the dot paths in the given order', () => {
    expect(headerLine(names, 'csv')).toBe(
      '_id,bids_meta.Manufacturer,provenance.settings.fd_thres\r\n',
    );
    expect(headerLine(['a', 'b'], 'tsv')).toBe('a\tb\n');
  });

  it('is the same from both writers', () => {
    const out = new ByteBuffer();
    encodeHeader(names, 'csv', out);
    expect(new TextDecoder().decode(out.view())).toBe(headerLine(names, 'csv'));
  });
});

describe('cell text', () => {
  it.each([
    [0.1 + 0.2, '0.30000000000000004'],
    [-0, '-0'],
    [0, '0'],
    [Number.NaN, ''],
    [-2.5, '-2.5'],
    [1e21, '1e+21'],
  ])('formatNumber(%s) = %j', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it.each([
    ['=x', "'=x"],
    ['a=b', 'a=b'],
    ['', ''],
    [' -1', ' -1'],
  ])('neutralise(%j) = %j', (value, text) => {
    expect(neutralise(value)).toBe(text);
  });

  it.each([
    [undefined, ''],
    [null, ''],
    [true, 'true'],
    [-3, '-3'],
    ['-3', "'-3"],
    [{ a: 1 }, '{"a":1}'],
  ])('cellText(%j) = %j', (value, text) => {
    expect(cellText(value)).toBe(text);
  });
});
