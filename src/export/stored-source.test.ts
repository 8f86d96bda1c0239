import { describe, expect, it } from 'vitest';
import type { RecordWithId } from '../store/chunks.ts';
import { openDatasetFrame } from '../store/column-reader.ts';
import { createDatasetWriter } from '../store/dataset-writer.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from '../store/test-db.test-support.ts';
import { runExport, type TextSink } from './export-run.ts';
import { frameColumnSource } from './gather.ts';
import { storedColumnSource } from './stored-source.ts';

const info = TEST_DATASET;

/** Records whose fields come and go: `late` only from row 30, `mixed` numbers and text. */
function record(i: number): RecordWithId {
  return {
    _id: testId(i),
    cjv: i % 7 === 0 ? null : (i - 20) / 8,
    bids_meta: {
      Manufacturer: i % 5 === 0 ? '=cmd' : i % 2 ? 'GE' : 'Siemens, AG',
      ...(i >= 30 ? { late: `x${i}` } : {}),
      mixed: i % 3 === 0 ? 'n/a' : i,
    },
    provenance: { md5sum: `md5-${i % 40}` },
  } as RecordWithId;
}

const job = testJob;

function collect(): TextSink & { text: () => string } {
  const parts: string[] = [];
  const decoder = new TextDecoder();
  return {
    text: () => parts.join(''),
    write: async (data) => void parts.push(typeof data === 'string' ? data : decoder.decode(data)),
  };
}

const t = setupTestDb();

/** Four commits (four chunks of 12, 20, 18 and 10 rows). */
async function store(): Promise<void> {
  const writer = createDatasetWriter(t.db(), info);
  const sizes = [12, 20, 18, 10];
  let from = 0;
  for (const [page, size] of sizes.entries()) {
    const items = Array.from({ length: size }, (_, k) => record(from + k));
    await writer.commit({ items, job: job(page + 1), total: 60 });
    from += size;
  }
}

describe('storedColumnSource', () => {
  it('exports, window by window from the chunks, exactly what the frame holds', async () => {
    await store();
    const opened = await openDatasetFrame(t.db(), info.key);
    const frame = opened!.frame;
    expect(frame.rowCount).toBe(60);
    const columns = frame.columns.map((c) => c.name);
    expect(columns).toContain('bids_meta.late');
    // A scattered order, so every window touches every chunk.
    const rows = Uint32Array.from({ length: 60 }, (_, i) => (i * 17) % 60);
    const expected = collect();
    await runExport({
      columns,
      rows,
      format: 'csv',
      source: frameColumnSource(frame),
      sink: expected,
    });

    for (const encodeAs of [undefined, 'csv'] as const) {
      const source = await storedColumnSource(t.db(), info.key, 60, encodeAs);
      const sink = collect();
      await runExport({ columns, rows, format: 'csv', source, sink, windowCells: 7 * 13 });
      expect(sink.text()).toBe(expected.text());
    }
    // Hand-checked cells: rows 0 and 17 come first (record 0: no cjv, Manufacturer neutralised).
    const [header, first, second] = expected.text().split('\r\n');
    expect(header).toBe(columns.join(','));
    expect(first?.split(',').slice(0, 3)).toEqual([record(0)._id, '', "'=cmd"]);
    expect(second?.split(',').slice(0, 3)).toEqual([record(17)._id, '-0.375', 'GE']);
  });

  it('reads only the chunks of the rows the frame was opened with', async () => {
    await store();
    // A frame opened after the first two commits: 32 rows; the later chunks are not its rows.
    const source = await storedColumnSource(t.db(), info.key, 32);
    const cells = await source.cells('_id', Uint32Array.of(31, 0));
    expect(cells).toEqual([record(31)._id, record(0)._id]);
    await expect(source.cells('_id', Uint32Array.of(32))).rejects.toThrow(RangeError);
  });

  it('refuses a row count that matches no stored prefix (the records were rewritten)', async () => {
    await store();
    await expect(storedColumnSource(t.db(), info.key, 31)).rejects.toThrow(/saved records changed/);
  });
});
