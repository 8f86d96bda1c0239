import { describe, expect, it, vi } from 'vitest';
import type { RecordWithId } from '../store/chunks.ts';
import { openDatasetFrame } from '../store/column-reader.ts';
import { createDatasetWriter } from '../store/dataset-writer.ts';
import { setupTestDb, TEST_DATASET, testId, testJob } from '../store/test-db.test-support.ts';
import type { ExportRequest } from './export-protocol.ts';
import { runExport } from './export-run.ts';
import { exportStored } from './export-stored.ts';
import { frameColumnSource } from './gather.ts';

const t = setupTestDb();

/** 300 stored records in three commits, and a request for all their columns, rows reversed. */
async function stored(): Promise<ExportRequest> {
  const writer = createDatasetWriter(t.db(), TEST_DATASET);
  for (let page = 0; page < 3; page++) {
    const items = Array.from(
      { length: 100 },
      (_, k): RecordWithId =>
        ({
          _id: testId(page * 100 + k),
          snr: (page * 100 + k) / 3,
          bids_meta: { Manufacturer: k % 3 ? 'GE' : 'Siemens, "AG"' },
        }) as RecordWithId,
    );
    await writer.commit({ items, job: testJob(page + 1), total: 300 });
  }
  const frame = (await openDatasetFrame(t.db(), TEST_DATASET.key))!.frame;
  const columns = frame.columns.map((c) => c.name);
  return {
    datasetKey: TEST_DATASET.key,
    rowCount: frame.rowCount,
    columns,
    numberColumns: columns.filter((n) => frame.info(n)?.type === 'number'),
    rows: Uint32Array.from({ length: 300 }, (_, i) => 299 - i),
    format: 'csv',
  };
}

/** What the page does with the worker's chunks: keeps them, handled at once unless held. */
function page(hold = false) {
  const chunks: Uint8Array[] = [];
  const waiting: Array<() => void> = [];
  const progress: number[] = [];
  const controller = new AbortController();
  return {
    chunks,
    waiting,
    progress,
    controller,
    text: () => new TextDecoder().decode(Buffer.concat(chunks)),
    call: {
      signal: controller.signal,
      emit: ({ bytes }: { bytes: ArrayBuffer }) => {
        chunks.push(new Uint8Array(bytes));
        return hold ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve();
      },
      progress: ({ written }: { written: number }) => void progress.push(written),
    },
  };
}

describe('exportStored (the export worker’s work)', () => {
  it('sends, chunk by chunk, the file an export of the frame in memory writes', async () => {
    const request = await stored();
    const frame = (await openDatasetFrame(t.db(), TEST_DATASET.key))!.frame;
    let expected = '';
    await runExport({
      ...request,
      format: 'csv',
      source: frameColumnSource(frame),
      sink: {
        write: async (d) => {
          expected += typeof d === 'string' ? d : new TextDecoder().decode(d);
        },
      },
    });
    const p = page();
    await exportStored(t.db(), { ...request, rows: request.rows.slice() }, p.call);
    expect(p.text()).toBe(expected);
    expect(p.text().split('\r\n')[1]).toContain('"Siemens, ""AG"""');
    expect(p.progress.at(-1)).toBe(300);
  });

  it('has at most two chunks unwritten by the page at any time', async () => {
    const request = await stored();
    const p = page(true);
    // Small chunks: 3 columns × 10 rows each, 31 in all with the header.
    const run = exportStored(t.db(), request, p.call, 30);
    await vi.waitFor(() => expect(p.chunks).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 50));
    expect(p.chunks).toHaveLength(2); // the worker waits for the page
    p.waiting.shift()?.();
    await vi.waitFor(() => expect(p.chunks).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 50));
    expect(p.chunks).toHaveLength(3);
    p.controller.abort(new DOMException('Export cancelled', 'AbortError'));
    for (const resolve of p.waiting.splice(0)) resolve();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
