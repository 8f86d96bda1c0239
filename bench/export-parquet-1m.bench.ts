import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import { type ParquetColumnType, parquetValues } from '../src/export/parquet-columns.ts';
import { GROUP_CELLS } from '../src/export/parquet-run.ts';
import { MIRROR_1M, profileWith1m } from './dataset-1m.ts';
import { exportOnce } from './export-1m.bench.ts';
import { log } from './stats.ts';
import type { Benchmark } from './types.ts';

const MB = 2 ** 20;

/**
 * The Parquet writer alone, in this process (V8, like Chromium), on a block shaped like the 1M
 * dataset's rows (mostly doubles, a few integers, dictionary text, unique hex ids): millions of
 * cells written per second, after a warm-up.
 */
function writerCellsPerSecond(): number {
  const rows = 20_000;
  let seed = 1;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const hex = () => Math.floor(random() * 2 ** 52).toString(16);
  const cells: Array<{ data: Float64Array | unknown[]; type: ParquetColumnType }> = [];
  for (let c = 0; c < 90; c++)
    cells.push({
      data: Float64Array.from({ length: rows }, () => (random() - 0.3) * 10 ** (c % 7)),
      type: 'DOUBLE',
    });
  for (let c = 0; c < 5; c++)
    cells.push({
      data: Float64Array.from({ length: rows }, () => (random() * 512) | 0),
      type: 'INT64',
    });
  for (let c = 0; c < 10; c++)
    cells.push({
      data: Array.from({ length: rows }, () => ['Siemens', 'GE', 'Philips'][c % 3]),
      type: 'STRING',
    });
  for (let c = 0; c < 7; c++)
    cells.push({ data: Array.from({ length: rows }, () => hex() + hex()), type: 'STRING' });
  const groupRows = Math.floor(GROUP_CELLS / cells.length);
  const write = (): number => {
    const bytes = new ByteWriter(1 << 20);
    let total = 0;
    Object.assign(bytes, {
      flush: () => {
        total += bytes.index;
        bytes.index = 0;
      },
    });
    const writer = new ParquetWriter({
      writer: bytes,
      schema: schemaFromColumnData({
        columnData: cells.map((c, i) => ({ name: `c${i}`, data: [], type: c.type })),
      }),
    });
    for (let from = 0; from < rows; from += groupRows) {
      const to = Math.min(rows, from + groupRows);
      writer.write({
        columnData: cells.map((c, i) => ({
          name: `c${i}`,
          data: parquetValues(c.data, c.type, from, to),
        })),
        rowGroupSize: to - from,
      });
    }
    writer.finish();
    return total + bytes.index;
  };
  write(); // warm-up
  const started = performance.now();
  write();
  return (rows * cells.length) / 1e6 / ((performance.now() - started) / 1000);
}

/**
 * Export Parquet, all columns, of the stored 1M dataset (stored order), streamed into a picked
 * file (the File System Access path). MB/s counts the Parquet file's bytes, which are fewer
 * than the CSV's for the same rows (compressed, binary doubles): compare rows per second too.
 */
export const bench: Benchmark = {
  name: 'export-parquet-1m',
  description: 'Export Parquet, all columns, stored 1M dataset → file (MB/s, rows/s, heap growth)',
  timeoutS: 3600,
  async run(ctx) {
    const cells = writerCellsPerSecond();
    log(`export-parquet-1m: hyparquet-writer in Node: ${cells.toFixed(2)} M cells/s`);
    ctx.emit({ metric: 'writer_m_cells_per_s', value: cells, unit: 'M cells/s' });

    const profile = await profileWith1m(ctx);
    const mirror = await ctx.mirror(MIRROR_1M);
    const r = await exportOnce(ctx, {
      profile,
      api: mirror.api,
      target: 'file',
      columns: 'all',
      format: 'parquet',
      label: 'Parquet, all columns, into a file',
    });
    ctx.emit({ metric: 'mb_per_s', value: r.bytes / MB / r.seconds, unit: 'MB/s' });
    ctx.emit({ metric: 'rows_per_s', value: 1_000_000 / r.seconds, unit: 'rows/s' });
    ctx.emit({ metric: 'seconds', value: r.seconds, unit: 's' });
    ctx.emit({ metric: 'file_mb', value: r.bytes / MB, unit: 'MB' });
    ctx.emit({ metric: 'heap_growth_mb', value: r.heapGrowthMb, unit: 'MB' });
    ctx.emit({ metric: 'longest_task_ms', value: r.longestTaskMs, unit: 'ms' });
  },
};
