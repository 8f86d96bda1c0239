import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import Papa from 'papaparse';
import { expect, type MirrorClient, type Where } from './fixtures.ts';

/**
 * Checking an exported file against the mirror, not against the app's own code: every record
 * paged out of the mirror, flattened the way pandas.json_normalize does, compared cell by cell
 * with the downloaded file. Shared by the export and store specs.
 */

type Json = Record<string, unknown>;

/**
 * One record as pandas.json_normalize flattens it: top-level scalars first, then each nested
 * dict's leaves as dot paths, in place. `_links` is left out: the app doesn't store the
 * HATEOAS links (`_links.self.href` is `<collection>/<_id>`), so the export has no such column.
 */
export function flatten(record: Json): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const isDict = (v: unknown): v is Json =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const nested = (prefix: string, value: Json) => {
    for (const [key, v] of Object.entries(value)) {
      if (isDict(v)) nested(`${prefix}${key}.`, v);
      else out.set(`${prefix}${key}`, v);
    }
  };
  for (const [key, v] of Object.entries(record)) if (!isDict(v)) out.set(key, v);
  for (const [key, v] of Object.entries(record))
    if (isDict(v) && key !== '_links') nested(`${key}.`, v);
  return out;
}

/** Every record of the query, straight from the mirror, by `_id`. */
export async function mirrorRecords(mirror: MirrorClient, modality: string, where: Where) {
  const byId = new Map<string, Map<string, unknown>>();
  for (let page = 1; ; page++) {
    const { status, body } = await mirror.get(modality, {
      max_results: 50,
      page,
      sort: '_id',
      where: JSON.stringify(where),
    });
    expect(status).toBe(200);
    for (const item of body._items) byId.set(String(item._id), flatten(item));
    if (page * body._meta.max_results >= body._meta.total) return byId;
  }
}

/** The cell a value must become: the rules, written out here independently. */
export function cellMismatch(cell: string, value: unknown): string | null {
  if (value === undefined || value === null) return cell === '' ? null : 'should be empty';
  if (typeof value === 'number') {
    return Object.is(Number(cell), value) && cell.trim() !== ''
      ? null
      : `should read back as ${value}`;
  }
  if (typeof value === 'string') {
    const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return cell === inert ? null : `should be ${JSON.stringify(inert).slice(0, 80)}`;
  }
  if (typeof value === 'boolean') return cell === String(value) ? null : `should be ${value}`;
  // Arrays are JSON text.
  return JSON.stringify(JSON.parse(cell)) === JSON.stringify(value) ? null : 'array differs';
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const result = Papa.parse<string[]>(text, { delimiter: ',', newline: '\r\n' });
  expect(result.errors).toEqual([]);
  const [header, ...rest] = result.data;
  expect(rest.at(-1), 'the file ends with a newline').toEqual(['']);
  return { header: header ?? [], rows: rest.slice(0, -1) };
}

/**
 * Compares every exported cell with the mirror's record of that row's `_id`, returning the
 * problems for one assertion. Checks over many rows or cells must not call `expect` per item:
 * Playwright records each call as a step, at a cost that grows with the steps already taken
 * (here 1,000 calls took 2 s, 10,000 took 193 s), all in one synchronous loop during which
 * the test's timeout cannot fire and the worker does not answer the runner's SIGTERM.
 */
export function compareCells(
  header: string[],
  rows: string[][],
  records: Map<string, Map<string, unknown>>,
): string[] {
  const idAt = header.indexOf('_id');
  expect(idAt).toBeGreaterThanOrEqual(0);
  const problems: string[] = [];
  for (const row of rows) {
    if (row.length !== header.length)
      problems.push(`row ${row[idAt]} has ${row.length} cells, not ${header.length}`);
    const record = records.get(row[idAt]!);
    if (!record) {
      problems.push(`row ${row[idAt]} is not in the mirror`);
      continue;
    }
    header.forEach((name, c) => {
      const wrong = cellMismatch(row[c]!, record.get(name));
      if (wrong)
        problems.push(`${row[idAt]} ${name}=${JSON.stringify(row[c]).slice(0, 80)}: ${wrong}`);
    });
  }
  return problems;
}

/** Pandas' column order: the union of the flattened keys, first seen first, in stored order. */
export function pandasColumns(
  storedIds: string[],
  records: Map<string, Map<string, unknown>>,
): string[] {
  const names = new Set<string>();
  for (const id of storedIds) for (const name of records.get(id)?.keys() ?? []) names.add(name);
  return [...names];
}

/** A browser without the File System Access API: the export is a Blob download. */
export async function withoutSavePicker(page: Page) {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
}

export async function exportFile(page: Page): Promise<{ download: Download; text: string }> {
  const button = page.getByRole('button', { name: 'Export CSV' });
  await expect(button).toBeEnabled();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { download, text: readFileSync(path, 'utf8') };
}
