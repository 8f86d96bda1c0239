import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from '@playwright/test';
import Papa from 'papaparse';
import {
  downloadQuery,
  expect,
  MIRROR_API,
  MRIQC,
  readStoredIds,
  saveScreenshot,
  test,
  type Where,
} from './fixtures.ts';

/**
 * "Copy as Python" end to end: the code is copied out of the page (the clipboard, or the
 * fallback box when the clipboard is refused) and run with Debian's python3 (python3-pandas,
 * python3-requests; .ci/run installs them): the script against the e2e mirror, the pandas code
 * on the app's own export. The checks compare with what the app stored and wrote, never with
 * the generator's own output.
 */

/** A python3 that has pandas and requests, or null. */
function findPython(): string | null {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const run = spawnSync(candidate, ['-c', 'import pandas, requests'], { encoding: 'utf8' });
    if (run.status === 0) return candidate;
  }
  return null;
}

const PYTHON = findPython();
const NO_PYTHON =
  'no python3 with pandas and requests (apt-get install python3-pandas python3-requests)';
if (!PYTHON) console.log(`copy-python.spec: ${NO_PYTHON}: the tests that run Python are skipped`);

function runPython(args: string[], cwd: string): string {
  const run = spawnSync(PYTHON as string, args, { encoding: 'utf8', cwd, timeout: 180_000 });
  expect(run.status, `python3 ${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const result = Papa.parse<string[]>(text, { delimiter: ',', newline: '\r\n' });
  expect(result.errors).toEqual([]);
  const [header, ...rest] = result.data;
  expect(rest.at(-1), 'the file ends with a newline').toEqual(['']);
  return { header: header ?? [], rows: rest.slice(0, -1) };
}

async function openCopyPanel(page: Page) {
  await page.getByRole('button', { name: 'Copy as Python' }).click();
  return page.getByRole('group', { name: 'Copy as Python' });
}

test('the copied download script gets exactly the records the app stored and writes its export; the pandas code reads the export with the stated dtypes', async ({
  page,
  context,
  mirror,
}, testInfo) => {
  test.skip(!PYTHON, NO_PYTHON);
  test.setTimeout(240_000);
  const versions = await mirror.frequentVersions('T1w', 2);
  expect(versions).toHaveLength(2);
  // `&`, `+`, `#` and `%` in the filter: a script that doesn't encode them asks another query.
  const filter: Where = {
    'bids_meta.Manufacturer': { $in: ['Siemens', 'GE'] },
    'bids_meta.InstitutionName': { $ne: 'A&B+C #1 %20' },
  };
  const where = { ...MRIQC, 'provenance.version': { $in: versions }, ...filter };
  const total = await mirror.total('T1w', where);
  expect(total, 'the filter keeps some records, not all').toBeGreaterThan(50);
  expect(total).toBeLessThan(await mirror.total('T1w', MRIQC));

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // No File System Access API: the export arrives as a download.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
  await downloadQuery(page, { versions: versions.join(','), where: JSON.stringify(filter) }, total);
  const stored = await readStoredIds(page, MIRROR_API, 'T1w');
  expect(stored).toHaveLength(total);

  // The app's own export of every column, to compare the script's file with.
  await page.getByRole('combobox', { name: 'Columns', exact: true }).selectOption('all');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const exportPath = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(exportPath);
  const exported = parseCsv(readFileSync(exportPath, 'utf8'));

  const panel = await openCopyPanel(page);
  await panel.getByRole('button', { name: 'Copy download script' }).click();
  await expect(page.getByRole('status', { name: 'Copy result' })).toHaveText(
    'Copied the download script (requests + pandas) to the clipboard.',
  );
  await saveScreenshot(page, testInfo, 'copy-python');
  const script = await page.evaluate(() => navigator.clipboard.readText());
  expect(script).toContain('SYNTHETIC DEMO DATA');
  const scriptPath = testInfo.outputPath('query.py');
  writeFileSync(scriptPath, script);
  const outPath = testInfo.outputPath('from-python.csv');
  runPython([scriptPath, outPath], dirname(scriptPath));

  const fromPython = parseCsv(readFileSync(outPath, 'utf8'));
  const ids = fromPython.rows.map((row) => row[fromPython.header.indexOf('_id')]!);
  expect(new Set(ids).size, 'no record twice').toBe(ids.length);
  expect([...ids].sort()).toEqual([...stored].sort());
  // The same file as the app's export: columns, order and every cell (rows in _id order).
  expect(fromPython.header).toEqual(exported.header);
  const byId = (rows: string[][]) => {
    const at = exported.header.indexOf('_id');
    return [...rows].sort((a, b) => (a[at]! < b[at]! ? -1 : 1));
  };
  expect(fromPython.rows).toEqual(byId(exported.rows));

  // (a) The pandas code, run where the export was saved, reads it with the dtypes it states.
  await panel.getByRole('button', { name: 'Copy pandas code' }).click();
  await expect(page.getByRole('status', { name: 'Copy result' })).toContainText('pandas code');
  const reader = await page.evaluate(() => navigator.clipboard.readText());
  expect(reader).toContain(JSON.stringify(download.suggestedFilename()));
  const readerPath = testInfo.outputPath('read_export.py');
  writeFileSync(
    readerPath,
    `${reader}\nimport json\nprint(json.dumps({"stated": DTYPES, "read": {k: str(v) for k, v in df.dtypes.items()}, "rows": len(df), "cjv": [None if pd.isna(v) else v for v in df["cjv"]]}))\n`,
  );
  const read = JSON.parse(runPython([readerPath], dirname(exportPath))) as {
    stated: Record<string, string>;
    read: Record<string, string>;
    rows: number;
    cjv: Array<number | null>;
  };
  expect(read.rows).toBe(total);
  expect(Object.keys(read.read)).toEqual(exported.header);
  for (const name of exported.header) {
    const want =
      name === '_created' || name === '_updated' ? 'datetime64[ns, UTC]' : read.stated[name];
    expect(read.read[name], name).toBe(want);
  }
  // Types checked against the mirror's data, not the code's word: IQMs are numbers, ids text.
  expect(read.stated.cjv).toBe('float64');
  expect(read.stated._id).toBe('string');
  expect(read.stated['bids_meta.Manufacturer']).toBe('string');
  const cjvAt = exported.header.indexOf('cjv');
  expect(read.cjv).toEqual(
    exported.rows.map((row) => (row[cjvAt] === '' ? null : Number(row[cjvAt]))),
  );
});

test('where the clipboard is refused, the code is shown selected to copy by hand; all by keyboard', async ({
  page,
  mirror,
}, testInfo) => {
  // A browser that refuses the clipboard (a permission policy, an insecure page).
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: {
        writeText: () =>
          Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')),
      },
    });
  });
  const filter: Where = { 'bids_meta.Manufacturer': 'GE' };
  const total = await mirror.total('T1w', { ...MRIQC, ...filter });
  expect(total).toBeGreaterThan(0);
  await downloadQuery(page, { where: JSON.stringify(filter) }, total);

  const open = page.getByRole('button', { name: 'Copy as Python' });
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Copy pandas code' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Copy download script' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('status', { name: 'Copy result' })).toContainText(
    'The browser did not allow copying',
  );
  const box = page.getByRole('textbox', { name: 'Python code to copy' });
  await expect(box).toBeFocused();
  await expect(box).toHaveJSProperty('readOnly', true);
  const code = await box.inputValue();
  expect(code).toContain('def fetch_records():');
  expect(code).toContain(JSON.stringify(JSON.stringify({ ...MRIQC, ...filter })));
  const selected = await box.evaluate((el: HTMLTextAreaElement) => [
    el.selectionStart,
    el.selectionEnd,
    el.value.length,
  ]);
  expect(selected).toEqual([0, code.length, code.length]);
  await saveScreenshot(page, testInfo, 'copy-python-fallback');
});
