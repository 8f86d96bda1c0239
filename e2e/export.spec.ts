import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import Papa from 'papaparse';
import { E2E_PORT_OFFSET } from '../playwright.config.ts';
import {
  compareCells,
  exportFile,
  mirrorRecords,
  pandasColumns,
  parseCsv,
  today,
  withoutSavePicker,
} from './export-check.ts';
import {
  APP_VERSION,
  downloadQuery,
  expect,
  MIRROR_API,
  MirrorClient,
  MRIQC,
  readStoredIds,
  saveScreenshot,
  startMirror,
  test,
} from './fixtures.ts';

/**
 * The export checked against the mirror, not against the app's own code (export-check.ts):
 * the test pages every record out of the mirror, works out the unique set and the order
 * itself, and compares every cell of the downloaded file.
 */

/** Ports 5152–5153 are this spec's (the fixture adds the offset; undo it to land on them). */
const EXTRA_PORT = 5152 - E2E_PORT_OFFSET;
const HYPERLINK = '=HYPERLINK("http://example.invalid","x")';

type Json = Record<string, unknown>;

async function exportBytes(
  page: Page,
  buttonName: string,
): Promise<{ download: Download; bytes: Uint8Array }> {
  const button = page.getByRole('button', { name: buttonName });
  await expect(button).toBeEnabled();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { download, bytes: readFileSync(await download.path()) };
}

/** A Parquet cell (as hyparquet reads it) as the CSV export writes that cell. */
function csvTextOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return String(value);
}

test('Export CSV writes the unique view in cjv order, every cell as the mirror serves it', async ({
  page,
  mirror,
}, testInfo) => {
  const records = await mirrorRecords(mirror, 'T1w', MRIQC);
  await withoutSavePicker(page);
  await downloadQuery(page, { source: MIRROR_API, sort: 'cjv' }, records.size);
  await page.getByRole('radio', { name: 'Unique' }).check();
  await expect(page).toHaveURL(/show=unique/);
  await page.getByRole('combobox', { name: 'Columns', exact: true }).selectOption('all');

  const { download, text } = await exportFile(page);
  expect(download.suggestedFilename()).toBe(
    `crowdmri-v${APP_VERSION}_T1w_mriqc_unique_synthetic_${today()}.csv`,
  );
  await expect(page.getByRole('status', { name: 'Export result' })).toContainText(
    download.suggestedFilename(),
  );
  await saveScreenshot(page, testInfo, 'export-done');

  const { header, rows } = parseCsv(text);
  const stored = await readStoredIds(page, MIRROR_API, 'T1w');
  expect(header).toEqual(pandasColumns(stored, records));
  expect(compareCells(header, rows, records)).toEqual([]);

  // Exactly the unique set: per md5sum the earliest upload (any of a tie), every record
  // without an md5sum, nothing else.
  const at = (name: string) => header.indexOf(name);
  const exportedIds = rows.map((r) => r[at('_id')]!);
  expect(new Set(exportedIds).size).toBe(exportedIds.length);
  const exported = new Set(exportedIds);
  // Problems are collected and asserted once (why: compareCells in export-check.ts).
  const wrong: string[] = [];
  const groups = new Map<string, Array<{ id: string; created: number }>>();
  let keyless = 0;
  for (const [id, record] of records) {
    const md5 = record.get('provenance.md5sum');
    if (typeof md5 !== 'string') {
      keyless++;
      if (!exported.has(id)) wrong.push(`${id} has no md5sum: should be kept`);
      continue;
    }
    const created = Date.parse(String(record.get('_created')));
    groups.set(md5, [...(groups.get(md5) ?? []), { id, created }]);
  }
  expect(rows.length).toBe(groups.size + keyless);
  expect(groups.size).toBeLessThan(records.size); // the mirror has duplicates: a real test
  for (const [md5, members] of groups) {
    const earliest = Math.min(...members.map((m) => m.created));
    const kept = members.filter((m) => exported.has(m.id));
    if (kept.length !== 1) wrong.push(`md5sum ${md5}: ${kept.length} rows, not one`);
    else if (kept[0]!.created !== earliest) wrong.push(`md5sum ${md5}: not its first upload`);
  }
  expect(wrong).toEqual([]);

  // cjv ascending, missing last.
  const cjv = rows.map((r) => r[at('cjv')]!);
  const present = cjv.filter((c) => c !== '').map(Number);
  expect(cjv.slice(present.length).every((c) => c === '')).toBe(true);
  expect(present).toEqual([...present].sort((a, b) => a - b));
});

test('Export Parquet writes typed columns holding, cell by cell, what the CSV of the same view holds', async ({
  page,
  mirror,
}) => {
  // Two exports of 3,000 records and a read-back: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  const records = await mirrorRecords(mirror, 'T1w', MRIQC);
  await withoutSavePicker(page);
  await downloadQuery(page, { source: MIRROR_API, sort: '-cjv' }, records.size);
  await page.getByRole('radio', { name: 'Unique' }).check();
  await expect(page).toHaveURL(/show=unique/);
  await page.getByRole('combobox', { name: 'Columns', exact: true }).selectOption('all');
  const { text } = await exportFile(page);
  const csv = parseCsv(text);

  await page.getByRole('combobox', { name: 'Format' }).selectOption('parquet');
  const { download, bytes } = await exportBytes(page, 'Export Parquet');
  expect(download.suggestedFilename()).toBe(
    `crowdmri-v${APP_VERSION}_T1w_mriqc_unique_synthetic_${today()}.parquet`,
  );
  await expect(page.getByRole('status', { name: 'Export result' })).toContainText(
    download.suggestedFilename(),
  );

  // Read by hyparquet: a reader that shares no code with the app's writer.
  const file = new Uint8Array(bytes).buffer;
  const metadata = parquetMetadata(file);
  const schema = parquetSchema(metadata).children.map((c) => c.element);
  expect(schema.map((e) => e.name)).toEqual(csv.header);
  const rows = await parquetReadObjects({ file });
  expect(rows).toHaveLength(csv.rows.length);
  const problems: string[] = [];
  rows.forEach((row, r) => {
    csv.header.forEach((name, c) => {
      const want = csv.rows[r]![c]!;
      const got = csvTextOf(row[name]);
      if (got !== want) problems.push(`row ${r} ${name}: parquet ${got}, csv ${want}`);
    });
  });
  expect(problems.slice(0, 10)).toEqual([]);
  // And against the mirror's own records, as the CSV test checks the CSV.
  const asText = rows.map((row) => csv.header.map((name) => csvTextOf(row[name])));
  expect(compareCells(csv.header, asText, records)).toEqual([]);

  // Typed: IQMs with fractions are float64, whole-number fields int64, text as UTF-8 strings.
  const typeOf = (name: string) => {
    const e = schema.find((s) => s.name === name);
    return `${e?.type}${e?.converted_type ? `/${e.converted_type}` : ''}`;
  };
  expect(typeOf('cjv')).toBe('DOUBLE');
  expect(typeOf('_id')).toBe('BYTE_ARRAY/UTF8');
  expect(typeOf('bids_meta.Manufacturer')).toBe('BYTE_ARRAY/UTF8');
  const ints = schema.filter((e) => e.type === 'INT64').map((e) => e.name);
  expect(ints.length).toBeGreaterThan(0);
  const notIntegers: string[] = [];
  for (const name of ints) {
    for (const [id, record] of records) {
      const value = record.get(name);
      if (value !== undefined && value !== null && !Number.isInteger(value))
        notIntegers.push(`${id} ${name} is int64 but holds ${value}`);
    }
  }
  expect(notIntegers).toEqual([]);
  // Missing cells are null, not 0 or '' (the CSV's empty cells).
  const emptyAt = csv.rows.findIndex((row) => row.includes(''));
  if (emptyAt >= 0) {
    const name = csv.header[csv.rows[emptyAt]!.indexOf('')]!;
    expect(rows[emptyAt]![name]).toBeNull();
  }
  // The file says what it holds: synthetic data, and which app wrote it.
  const notes = Object.fromEntries(
    (metadata.key_value_metadata ?? []).map((kv) => [kv.key, kv.value]),
  );
  expect(notes['crowdmri.source']).toContain('Synthetic demo data');
  expect(notes['crowdmri.app_version']).toBe(APP_VERSION);
});

test('bad input is exported as served: formulas neutralised, numbers kept, long, odd and missing fields', async ({
  page,
  request,
}, testInfo) => {
  const base = JSON.parse(
    readFileSync(
      join(
        import.meta.dirname,
        '..',
        'mirror',
        'fixtures',
        'payloads',
        't1w',
        'sub-50137_T1w.json',
      ),
      'utf8',
    ),
  ) as Json;
  const meta = base.bids_meta as Json;
  const provenance = base.provenance as Json;
  // Records the API's schema would refuse on POST (no md5sum) come in through --data.
  const odd: Json[] = [
    {
      ...base,
      bids_meta: { ...meta, InstitutionName: '<script>alert("x")</script>', EchoTime: 'n/a' },
      provenance: { software: 'mriqc', version: '23.1.0' },
      cjv: -0.5,
    },
    {
      ...base,
      bids_meta: {
        ...meta,
        InstitutionName: 'x'.repeat(100_000),
        SliceTiming: [0, 0.5, -1.25],
        Weird: '+1 and "quotes", commas\nand lines',
        EchoTime: 0.00293,
      },
      provenance: { ...provenance, md5sum: 'f'.repeat(32), version: '24.0.0' },
      summary_bg_k: -1.5e-7,
    },
  ];
  const dataFile = testInfo.outputPath('odd-records.jsonl');
  writeFileSync(dataFile, `${odd.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const token = 'export-token';
  const own = await startMirror(EXTRA_PORT, [
    ...['--records', 'T1w=40', '--seed', '5', '--token', token, '--data', dataFile],
  ]);
  try {
    const mirror = new MirrorClient(request, own.base);
    const posted = {
      ...base,
      bids_meta: { ...meta, InstitutionName: HYPERLINK, Manufacturer: '@SUM(1,2)' },
      provenance: { ...provenance, md5sum: 'e'.repeat(32) },
      snr_total: -3.25,
    };
    expect(await mirror.post('T1w', posted, token)).toBe(201);
    const records = await mirrorRecords(mirror, 'T1w', MRIQC);
    await withoutSavePicker(page);
    await downloadQuery(page, { source: own.base }, records.size);
    await page.getByRole('combobox', { name: 'Columns', exact: true }).selectOption('all');
    const { text } = await exportFile(page);
    const { header, rows } = parseCsv(text);
    expect(rows).toHaveLength(records.size);
    expect(compareCells(header, rows, records)).toEqual([]);

    const col = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(col('bids_meta.InstitutionName')).toContain(`'${HYPERLINK}`);
    expect(col('bids_meta.Manufacturer')).toContain("'@SUM(1,2)");
    expect(col('bids_meta.InstitutionName')).toContain('x'.repeat(100_000));
    expect(col('bids_meta.SliceTiming')).toContain('[0,0.5,-1.25]');
    expect(col('bids_meta.EchoTime')).toEqual(expect.arrayContaining(['n/a', '0.00293']));
    expect(col('snr_total')).toContain('-3.25');
    expect(col('cjv')).toContain('-0.5');
    expect(col('summary_bg_k')).toContain('-1.5e-7');
    expect(col('provenance.md5sum')).toContain('');
    // The raw text: the HYPERLINK cell is quoted and inert.
    expect(text).toContain(`"'=HYPERLINK(""http://example.invalid"",""x"")"`);
  } finally {
    await own.stop();
  }
});

/**
 * A File System Access picker for headless Chromium (whose real one closes at once): the file
 * is kept in the page; `__exportPicker.mode` makes it cancel, fail with a full disk, or hold
 * the second data chunk until `release()`, so the progress and Cancel can be seen.
 */
async function fakeSavePicker(page: Page) {
  await page.addInitScript(() => {
    type Mode = 'ok' | 'cancel' | 'full' | 'hold';
    const state = {
      mode: 'ok' as Mode,
      name: '',
      written: [] as BlobPart[],
      closed: false,
      aborted: false,
      release: () => {},
    };
    (window as unknown as { __exportPicker: typeof state }).__exportPicker = state;
    Object.defineProperty(window, 'showSaveFilePicker', {
      configurable: true,
      value: async (options: { suggestedName: string }) => {
        if (state.mode === 'cancel')
          throw new DOMException('The user aborted a request.', 'AbortError');
        state.name = options.suggestedName;
        state.written = [];
        state.closed = false;
        state.aborted = false;
        return {
          name: options.suggestedName,
          getFile: async () => new File(state.written, state.name),
          createWritable: async () => ({
            write: async (data: string | Uint8Array<ArrayBuffer>) => {
              if (state.mode === 'full' && state.written.length >= 1)
                throw new DOMException('No space left on device', 'QuotaExceededError');
              if (state.mode === 'hold' && state.written.length >= 2)
                await new Promise<void>((resolve) => {
                  state.release = resolve;
                });
              // The page may reuse what it hands over once the write resolves: keep a copy.
              state.written.push(typeof data === 'string' ? data : data.slice());
            },
            close: async () => {
              state.closed = true;
            },
            abort: async () => {
              state.aborted = true;
            },
          }),
        };
      },
    });
  });
}

type PickerState = { name: string; written: BlobPart[]; closed: boolean; aborted: boolean };
const pickerState = (page: Page) =>
  page.evaluate(async () => {
    const s = (window as unknown as { __exportPicker: PickerState }).__exportPicker;
    const text = await new Blob(s.written).text();
    return { name: s.name, text, closed: s.closed, aborted: s.aborted };
  });
const setPickerMode = (page: Page, mode: string) =>
  page.evaluate((m) => {
    (window as unknown as { __exportPicker: { mode: string } }).__exportPicker.mode = m;
  }, mode);

test('where the browser can save files: streams into the picked file, with progress, Cancel, a full disk and a closed picker', async ({
  page,
  mirror,
}, testInfo) => {
  test.slow(); // a download and four exports: over 60 s at load 28
  const total = await mirror.total('T1w', MRIQC);
  await fakeSavePicker(page);
  await downloadQuery(page, { source: MIRROR_API }, total);
  const exportButton = page.getByRole('button', { name: 'Export CSV' });

  // TSV, all columns, straight into the file.
  await page.getByRole('combobox', { name: 'Format' }).selectOption('tsv');
  await page.getByRole('combobox', { name: 'Columns', exact: true }).selectOption('all');
  await page.getByRole('button', { name: 'Export TSV' }).click();
  // The file being saved is awaited, not the speed (5 s runs out on a loaded machine).
  await expect(page.getByRole('status', { name: 'Export result' })).toContainText(
    `Saved ${total.toLocaleString('en-US')} rows`,
    { timeout: 60_000 },
  );
  const saved = await pickerState(page);
  expect(saved.name).toBe(`crowdmri-v${APP_VERSION}_T1w_mriqc_all_synthetic_${today()}.tsv`);
  expect(saved.closed).toBe(true);
  const tsv = Papa.parse<string[]>(saved.text, { delimiter: '\t', newline: '\n' });
  expect(tsv.errors).toEqual([]);
  expect(tsv.data).toHaveLength(total + 2); // header, rows, the empty string after the last newline
  const records = await mirrorRecords(mirror, 'T1w', MRIQC);
  const [header, ...rows] = tsv.data;
  expect(compareCells(header!, rows.slice(0, -1), records)).toEqual([]);

  // Held half-way: the progress shows rows written of the total; Cancel discards the file.
  await page.getByRole('combobox', { name: 'Format' }).selectOption('csv');
  await setPickerMode(page, 'hold');
  await exportButton.click();
  const progress = page.getByRole('progressbar', { name: 'Export progress' });
  await expect(progress).toHaveAttribute('aria-valuemax', String(total));
  await expect
    .poll(async () => Number(await progress.getAttribute('aria-valuenow')))
    .toBeGreaterThan(0);
  expect(Number(await progress.getAttribute('aria-valuenow'))).toBeLessThan(total);
  await expect(exportButton).toBeDisabled();
  await saveScreenshot(page, testInfo, 'export-in-progress');
  await page.getByRole('button', { name: 'Cancel export' }).click();
  await page.evaluate(() =>
    (window as unknown as { __exportPicker: { release: () => void } }).__exportPicker.release(),
  );
  await expect(page.getByRole('status', { name: 'Export result' })).toContainText(
    'Export cancelled: no file was saved.',
  );
  expect(await pickerState(page)).toMatchObject({ aborted: true, closed: false });
  await expect(progress).toHaveCount(0);

  // A full disk: a clear message, the file discarded, the app still works.
  await setPickerMode(page, 'full');
  await exportButton.click();
  await expect(page.getByRole('alert', { name: 'Export result' })).toContainText(
    `Could not write crowdmri-v${APP_VERSION}_T1w_mriqc_all_`,
    { timeout: 60_000 },
  );
  await expect(page.getByRole('alert', { name: 'Export result' })).toContainText('is full');
  await expect(page.getByRole('alert', { name: 'Export result' })).toContainText(
    'the records in this browser are unchanged',
  );
  expect(await pickerState(page)).toMatchObject({ aborted: true });
  await saveScreenshot(page, testInfo, 'export-disk-full');

  // Closing the picker is not an error: nothing happens, and it says so.
  await setPickerMode(page, 'cancel');
  await exportButton.click();
  await expect(page.getByRole('status', { name: 'Export result' })).toHaveText(
    'No file chosen: nothing was exported.',
  );
  await expect(page.getByRole('alert', { name: 'Export result' })).toHaveCount(0);
  await expect(exportButton).toBeEnabled();
});
