import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { RecordWithId } from '../store/chunks.ts';
import { openDatasetFrame } from '../store/column-reader.ts';
import { createDatasetWriter } from '../store/dataset-writer.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from '../store/test-db.test-support.ts';
import type { ExportRequest } from './export-protocol.ts';
import { exportStored } from './export-stored.ts';
import type { ExportFormat } from './formats.ts';
import { frameColumnSource } from './gather.ts';
import { runParquetExport } from './parquet-run.ts';

const t = setupTestDb();

/**
 * 250 stored records in three commits: a float IQM, an integer one (a float only in the last
 * commit for `late_float`), a boolean, a mixed field, text with CSV specials, gaps everywhere.
 */
async function stored(format: ExportFormat): Promise<ExportRequest> {
  const writer = createDatasetWriter(t.db(), TEST_DATASET);
  for (let page = 0; page < 3; page++) {
    const items = Array.from({ length: page === 2 ? 50 : 100 }, (_, k): RecordWithId => {
      const n = page * 100 + k;
      const record: Record<string, unknown> = {
        _id: testId(n),
        snr: n / 3,
        size_x: 256 + (n % 5),
        late_float: page === 2 && k === 49 ? 0.5 : n,
        bids_meta: {
          Manufacturer: n % 3 ? 'GE' : 'Siemens, "AG"',
          MultibandAccelerationFactor: n % 4 === 0 ? undefined : n % 7,
        },
        provenance: { webapi: n % 2 === 0, note: n % 10 === 0 ? '=1+1' : undefined },
        mixed: n % 3 === 0 ? 'a' : n % 3 === 1 ? n : undefined,
      };
      if (n % 11 === 0) delete record.snr;
      return record as RecordWithId;
    });
    await writer.commit({ items, job: testJob(page + 1), total: 250 });
  }
  const frame = (await openDatasetFrame(t.db(), TEST_DATASET.key))!.frame;
  const columns = frame.columns.map((c) => c.name);
  return {
    datasetKey: TEST_DATASET.key,
    rowCount: frame.rowCount,
    columns,
    numberColumns: columns.filter((n) => frame.info(n)?.type === 'number'),
    // Reversed: the file follows the view's order, not the store's.
    rows: Uint32Array.from({ length: 250 }, (_, i) => 249 - i),
    format,
  };
}

async function exportBytes(request: ExportRequest, groupCells?: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await exportStored(
    t.db(),
    { ...request, rows: request.rows.slice() },
    {
      signal: new AbortController().signal,
      emit: async ({ bytes }) => void chunks.push(new Uint8Array(bytes)),
      progress: () => undefined,
    },
    undefined,
    groupCells,
  );
  return Buffer.concat(chunks);
}

/** A Parquet cell as the CSV export writes it (hyparquet's values, the CSV's text rules). */
function csvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return String(value);
}

describe('Parquet export (read back by hyparquet, an independent reader)', () => {
  it('holds, cell by cell, what the CSV export of the same rows holds, with typed columns', async () => {
    const request = await stored('parquet');
    const csv = new TextDecoder().decode(await exportBytes({ ...request, format: 'csv' }));
    // Row groups of 5 rows across 3 stored chunks: many groups, the order of the view.
    const bytes = await exportBytes(request, request.columns.length * 5);
    const file = new Uint8Array(bytes).buffer;
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups.length).toBe(50);

    const table = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    const header = table[0] as string[];
    const schema = parquetSchema(metadata);
    expect(schema.children.map((c) => c.element.name)).toEqual(header);

    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(250);
    rows.forEach((row, r) => {
      header.forEach((name, c) => {
        expect(`${name} row ${r}: ${csvText(row[name])}`).toBe(
          `${name} row ${r}: ${(table[r + 1] as string[])[c]}`,
        );
      });
    });

    const typeOf = (name: string) => {
      const e = schema.children.find((c) => c.element.name === name)?.element;
      return `${e?.type}${e?.converted_type ? `/${e.converted_type}` : ''}`;
    };
    expect(typeOf('snr')).toBe('DOUBLE');
    expect(typeOf('size_x')).toBe('INT64');
    expect(typeOf('late_float')).toBe('DOUBLE');
    expect(typeOf('bids_meta.MultibandAccelerationFactor')).toBe('INT64');
    expect(typeOf('provenance.webapi')).toBe('BOOLEAN');
    expect(typeOf('bids_meta.Manufacturer')).toBe('BYTE_ARRAY/UTF8');
    expect(typeOf('mixed')).toBe('BYTE_ARRAY/UTF8');
    // Missing is null, not 0 or '': snr of record 0 (the last row) was left out.
    expect(rows[249]?.snr).toBeNull();
    expect(rows[249]?.size_x).toBe(256n);
    expect(rows[0]?.['provenance.note']).toBeNull();
    expect(rows.find((r) => r._id === testId(10))?.['provenance.note']).toBe('=1+1');
  });

  it('types a column over every window: a float in the last window makes it float64', async () => {
    const request = await stored('parquet');
    const frame = (await openDatasetFrame(t.db(), TEST_DATASET.key))!.frame;
    const chunks: Uint8Array[] = [];
    await runParquetExport({
      columns: request.columns,
      // Stored order: record 249 (late_float 0.5) is in the last of 25 windows of 10 rows.
      rows: Uint32Array.from({ length: 250 }, (_, i) => i),
      source: frameColumnSource(frame),
      sink: { write: async (d) => void chunks.push(new Uint8Array(d as Uint8Array)) },
      windowCells: request.columns.length * 10,
    });
    const file = new Uint8Array(Buffer.concat(chunks)).buffer;
    const rows = await parquetReadObjects({ file, columns: ['late_float', 'size_x'] });
    expect(rows.map((r) => r.late_float)).toEqual(
      Array.from({ length: 250 }, (_, i) => (i === 249 ? 0.5 : i)),
    );
    expect(rows[0]?.size_x).toBe(256n);
  });

  it('stops with an AbortError when cancelled, before writing the footer', async () => {
    const request = await stored('parquet');
    const controller = new AbortController();
    const chunks: Uint8Array[] = [];
    const run = exportStored(
      t.db(),
      request,
      {
        signal: controller.signal,
        emit: async ({ bytes }) => {
          chunks.push(new Uint8Array(bytes));
          controller.abort(new DOMException('Export cancelled', 'AbortError'));
        },
        progress: () => undefined,
      },
      undefined,
      request.columns.length * 5,
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toHaveLength(1);
  });
});
