import Papa from 'papaparse';
import { describe, expect, it, vi } from 'vitest';
import { fromDecoded, lazyText } from '../frame/column.ts';
import { Frame } from '../frame/frame.ts';
import { stringRows } from '../frame/text-rows.ts';
import type { RowWriter } from './csv-rows.ts';
import { type ColumnSource, runExport, type TextSink } from './export-run.ts';
import {
  CellGatherer,
  type ChunkCells,
  frameColumnSource,
  gatherFromChunks,
  gatherFromColumn,
  locateRows,
  windowCellsFor,
} from './gather.ts';

/** Five records as the API served them, flattened; `mixed` holds a number and strings. */
const RECORDS: Record<string, unknown>[] = [
  { _id: 'a', cjv: 0.5, 'bids_meta.Manufacturer': 'GE', mixed: 3 },
  { _id: 'b', cjv: -0.25, 'bids_meta.Manufacturer': '=cmd', mixed: 'n/a' },
  { _id: 'c', 'bids_meta.Manufacturer': 'Siemens, AG' },
  { _id: 'd', cjv: 1e-300, mixed: '-4' },
  { _id: 'e', cjv: 0.1 + 0.2, 'bids_meta.Manufacturer': 'GE' },
];
const NAMES = ['_id', 'cjv', 'bids_meta.Manufacturer', 'mixed'];

function memoryFrame(): Frame {
  const columns = NAMES.map((name) => ({
    name,
    type: name === 'cjv' ? ('number' as const) : ('text' as const),
  }));
  return new Frame(RECORDS.length, columns, async (name) =>
    fromDecoded(RECORDS.map((r) => r[name])),
  );
}

/** Keeps what is written as text (bytes are copied: the writer reuses its buffer). */
function collect(): TextSink & { parts: string[] } {
  const parts: string[] = [];
  const decoder = new TextDecoder();
  return {
    parts,
    write: async (data) => void parts.push(typeof data === 'string' ? data : decoder.decode(data)),
  };
}

/** The expected file, written by hand from RECORDS for rows [4, 1, 3, 0, 2]. */
const EXPECTED = [
  '_id,cjv,bids_meta.Manufacturer,mixed',
  'e,0.30000000000000004,GE,',
  "b,-0.25,'=cmd,n/a",
  "d,1e-300,,'-4",
  'a,0.5,GE,3',
  'c,,"Siemens, AG",',
  '',
].join('\r\n');
const ORDER = Uint32Array.of(4, 1, 3, 0, 2);

describe('runExport', () => {
  it.each<[RowWriter, number, number]>([
    ['fast', 1_000_000, 1_000_000],
    ['fast', 4, 4], // one row per chunk and per window
    ['papaparse', 8, 12], // chunks of 2 rows, windows of 3 rows
    ['papaparse', 1_000_000, 1_000_000],
  ])(
    '%s writer, chunk cells %i, window cells %i: the same text as one chunk',
    async (writer, chunkCells, windowCells) => {
      const sink = collect();
      const result = await runExport({
        columns: NAMES,
        rows: ORDER,
        format: 'csv',
        source: frameColumnSource(memoryFrame()),
        sink,
        writer,
        chunkCells,
        windowCells,
      });
      expect(sink.parts.join('')).toBe(EXPECTED);
      expect(result).toEqual({ rows: 5 });
    },
  );

  it('writes only the header for an empty view', async () => {
    const sink = collect();
    await runExport({
      columns: NAMES,
      rows: new Uint32Array(0),
      format: 'tsv',
      source: frameColumnSource(memoryFrame()),
      sink,
    });
    expect(sink.parts.join('')).toBe('_id\tcjv\tbids_meta.Manufacturer\tmixed\n');
  });

  it('reports progress after every chunk and pauses between chunks', async () => {
    const progress: Array<[number, number]> = [];
    const pause = vi.fn(async () => {});
    await runExport({
      columns: NAMES,
      rows: ORDER,
      format: 'csv',
      source: frameColumnSource(memoryFrame()),
      sink: collect(),
      chunkCells: 8,
      onProgress: (written, total) => progress.push([written, total]),
      pause,
    });
    expect(progress).toEqual([
      [0, 5],
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    expect(pause).toHaveBeenCalledTimes(3);
  });

  it('stops when aborted, with the abort reason, and writes nothing more', async () => {
    const controller = new AbortController();
    const sink = collect();
    const run = runExport({
      columns: NAMES,
      rows: ORDER,
      format: 'csv',
      source: frameColumnSource(memoryFrame()),
      sink,
      chunkCells: 4,
      signal: controller.signal,
      onProgress: (written) => {
        if (written === 1) controller.abort(new DOMException('stop', 'AbortError'));
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(sink.parts).toHaveLength(2); // header and the first row
  });

  it('passes a sink error on (a full disk) without writing further', async () => {
    let writes = 0;
    const sink: TextSink = {
      write: async () => {
        if (++writes === 2) throw new DOMException('disk full', 'QuotaExceededError');
      },
    };
    const run = runExport({
      columns: NAMES,
      rows: ORDER,
      format: 'csv',
      source: frameColumnSource(memoryFrame()),
      sink,
      chunkCells: 4,
    });
    await expect(run).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(writes).toBe(2);
  });

  it('gathers each column once per window, from the source it is given', async () => {
    const asked: Array<[string, number[]]> = [];
    const frame = memoryFrame();
    const source: ColumnSource = {
      cells: async (name, rows) => {
        asked.push([name, [...rows]]);
        return gatherFromColumn(await frame.load(name), rows);
      },
    };
    await runExport({
      columns: ['_id'],
      rows: ORDER,
      format: 'csv',
      source,
      sink: collect(),
      windowCells: 3,
    });
    expect(asked).toEqual([
      ['_id', [4, 1, 3]],
      ['_id', [0, 2]],
    ]);
  });
});

describe('gathering from stored chunks', () => {
  // Two chunks of 3 and 2 rows; the column is numbers in chunk 0 and raw text in chunk 1.
  const counts = [3, 2];

  it('locates rows across chunks', () => {
    const at = locateRows(Uint32Array.of(4, 0, 2, 3), counts);
    expect([...at.chunk]).toEqual([1, 0, 0, 1]);
    expect([...at.offset]).toEqual([1, 0, 2, 0]);
    expect(at.touched).toEqual([0, 1]);
  });

  it('refuses a row beyond the stored rows', () => {
    expect(() => locateRows(Uint32Array.of(5), counts)).toThrow(RangeError);
  });

  it('gives numbers as a Float64Array when every touched chunk holds numbers', () => {
    const at = locateRows(Uint32Array.of(2, 0), counts);
    const cells = gatherFromChunks(at, [{ kind: 'number', values: Float64Array.of(1, -2, 3) }]);
    expect(cells).toEqual(Float64Array.of(3, 1));
  });

  it('mixes chunk kinds, and a chunk lacking the column gives missing cells', () => {
    const byChunk: (ChunkCells | undefined)[] = [
      { kind: 'number', values: Float64Array.of(1, Number.NaN, 3) },
      { kind: 'dict', dict: ['GE', false], codes: Uint16Array.of(2, 0) },
    ];
    const at = locateRows(Uint32Array.of(3, 1, 0, 4), counts);
    expect(gatherFromChunks(at, byChunk)).toEqual([false, undefined, 1, undefined]);
    expect(gatherFromChunks(at, [byChunk[0], undefined])).toEqual(
      Float64Array.of(Number.NaN, Number.NaN, 1, Number.NaN),
    );
  });

  it('fills a column chunk by chunk in any order, switching from numbers when text arrives', () => {
    const at = locateRows(Uint32Array.of(4, 0, 3, 1), counts);
    const gatherer = new CellGatherer(at);
    gatherer.add(0, { kind: 'number', values: Float64Array.of(1.5, -2, 3) });
    gatherer.add(1, { kind: 'raw', values: ['x', '=y'] });
    expect(gatherer.result()).toEqual(['=y', 1.5, 'x', -2]);
    const encoded = gatherer.result('csv');
    expect(encoded).toMatchObject({ kind: 'encoded', format: 'csv' });
    const { bytes, ends } = encoded as { bytes: Uint8Array; ends: Uint32Array };
    const fields = [...ends].map((end, i) =>
      new TextDecoder().decode(bytes.subarray(i === 0 ? 0 : ends[i - 1], end)),
    );
    expect(fields).toEqual(["'=y", '1.5', 'x', '-2']);
  });

  it('gives stored-order views the small window and sorted views the large one', () => {
    const chunkCounts = Array.from({ length: 100 }, () => 100);
    const inOrder = Uint32Array.from({ length: 10_000 }, (_, i) => i);
    // A fixed shuffle (multiplication by a unit mod 10,000): every window spans all chunks.
    const shuffled = Uint32Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
    expect(windowCellsFor(inOrder, chunkCounts, 10, 5_000, 40_000)).toBe(5_000);
    expect(windowCellsFor(shuffled, chunkCounts, 10, 5_000, 40_000)).toBe(40_000);
    // A view that fits in one window needs no decision.
    expect(windowCellsFor(shuffled.subarray(0, 400), chunkCounts, 10, 5_000, 40_000)).toBe(5_000);
  });

  it('an export through chunks equals the export through the frame', async () => {
    // RECORDS stored as chunks of 2, 2 and 1 rows, as the store encodes them.
    const chunkCounts = [2, 2, 1];
    const encode = (name: string, from: number, to: number): ChunkCells | undefined => {
      const values = RECORDS.slice(from, to).map((r) => r[name]);
      if (values.every((v) => v === undefined)) return undefined;
      if (values.every((v) => v === undefined || typeof v === 'number'))
        return { kind: 'number', values: Float64Array.from(values, (v) => (v as number) ?? NaN) };
      return { kind: 'raw', values };
    };
    const starts = [0, 2, 4, 5];
    const source: ColumnSource = {
      cells: async (name, rows) => {
        const at = locateRows(rows, chunkCounts);
        return gatherFromChunks(
          at,
          chunkCounts.map((_, c) => encode(name, starts[c]!, starts[c + 1]!)),
        );
      },
    };
    const sink = collect();
    await runExport({ columns: NAMES, rows: ORDER, format: 'csv', source, sink, windowCells: 8 });
    expect(sink.parts.join('')).toBe(EXPECTED);
    // The same with text encoded as fields while gathering (the app's worker does this).
    const encoding: ColumnSource = {
      cells: async (name, rows) => {
        const gatherer = new CellGatherer(locateRows(rows, chunkCounts));
        chunkCounts.forEach((_, c) => {
          const cells = encode(name, starts[c]!, starts[c + 1]!);
          if (cells) gatherer.add(c, cells);
        });
        return gatherer.result('csv');
      },
    };
    const encodedSink = collect();
    await runExport({
      columns: NAMES,
      rows: ORDER,
      format: 'csv',
      source: encoding,
      sink: encodedSink,
      windowCells: 8,
    });
    expect(encodedSink.parts.join('')).toBe(EXPECTED);
    await expect(
      runExport({
        columns: NAMES,
        rows: ORDER,
        format: 'csv',
        source: encoding,
        sink: collect(),
        writer: 'papaparse',
      }),
    ).rejects.toThrow(TypeError);
    const parsed = Papa.parse<Record<string, string>>(sink.parts.join(''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.meta.fields).toEqual(NAMES);
  });
});

describe('gatherFromColumn over a lazily coded text column', () => {
  it('gives the row values in the asked order without coding the column', () => {
    const values = ['Wed, 26 Jul 2017 16:54:07 GMT', undefined, '=cmd', 'x'];
    let coded = false;
    const rows = stringRows(values);
    const column = lazyText({
      ...rows,
      code: () => {
        coded = true;
        return rows.code();
      },
    });
    expect(gatherFromColumn(column, Uint32Array.of(3, 0, 1, 2))).toEqual([
      'x',
      values[0],
      undefined,
      '=cmd',
    ]);
    expect(coded).toBe(false);
  });
});
