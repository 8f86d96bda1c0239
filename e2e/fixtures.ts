import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type APIRequestContext,
  test as base,
  type ConsoleMessage,
  expect,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { E2E_MIRROR_PORT, E2E_PORT_OFFSET } from '../playwright.config.ts';

export { expect };

/** The mirror playwright.config.ts starts; the e2e build's VITE_MIRROR_URL points here. */
export const MIRROR_API = `http://127.0.0.1:${E2E_MIRROR_PORT}/api/v1`;
export const PUBLIC_API = 'https://mriqc.nimh.nih.gov/api/v1';
/** The mirror's address as the app names it (host:port). */
export const E2E_MIRROR_HOST = `127.0.0.1:${E2E_MIRROR_PORT}`;

/** package.json's version: the app shows it, and every exported file's name starts with it. */
export const APP_VERSION: string = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'),
).version;

export type Where = Record<string, unknown>;

/** The app downloads `software=mriqc`: this is the query's filter on the mirror. */
export const MRIQC: Where = { 'provenance.software': 'mriqc' };

interface EnvelopeBody {
  _items: Record<string, unknown>[];
  _meta: { page: number; max_results: number; total: number };
  _error?: { code: number; message: string };
}

/**
 * Asks the mirror directly, without the app: the independent answer the app must agree with.
 * Builds its own URLs (not the app's eve-url.ts), so a bug there cannot hide itself.
 */
export class MirrorClient {
  constructor(
    private readonly request: APIRequestContext,
    /** Another mirror a test started itself (startMirror); the configured one by default. */
    readonly base: string = MIRROR_API,
  ) {}

  async get(modality: string, params: Record<string, string | number>) {
    const search = new URLSearchParams(
      Object.entries(params).map(([key, value]) => [key, String(value)]),
    );
    const response = await this.request.get(`${this.base}/${modality}?${search}`);
    return { status: response.status(), body: (await response.json()) as EnvelopeBody };
  }

  /** `_meta.total` for a filter (none: the whole collection). */
  async total(modality: string, where?: Where): Promise<number> {
    const params: Record<string, string | number> = { max_results: 1 };
    if (where) params.where = JSON.stringify(where);
    const { status, body } = await this.get(modality, params);
    expect(status, `mirror total for ${JSON.stringify(where)}`).toBe(200);
    return body._meta.total;
  }

  /**
   * Every `_id` the query matches, paged out in `_id` order. Retries a page until it reads
   * (a mirror with faults fails some on purpose), so the answer is the server's true set.
   */
  async ids(modality: string, where?: Where): Promise<string[]> {
    return (await this.records(modality, where, ['_id'])).map((item) => String(item._id));
  }

  /**
   * Every record the query matches, paged out in `_id` order (only `fields` when given, as a
   * projection), each page asked again until it reads.
   */
  async records(
    modality: string,
    where?: Where,
    fields?: readonly string[],
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (let page = 1; ; page++) {
      const params: Record<string, string | number> = { max_results: 50, page, sort: '_id' };
      if (where) params.where = JSON.stringify(where);
      if (fields) params.projection = JSON.stringify(Object.fromEntries(fields.map((f) => [f, 1])));
      const body = await this.getWithRetries(modality, params);
      out.push(...body._items);
      if (page * body._meta.max_results >= body._meta.total) return out;
    }
  }

  /**
   * Unique scans as the notebooks count them: one per distinct `provenance.md5sum`, plus every
   * record without one (never lumped together).
   */
  async uniqueScans(modality: string, where?: Where): Promise<number> {
    const md5s = new Set<string>();
    let without = 0;
    for (const item of await this.records(modality, where, ['provenance.md5sum'])) {
      const md5 = (item.provenance as { md5sum?: unknown } | undefined)?.md5sum;
      if (typeof md5 === 'string') md5s.add(md5);
      else without++;
    }
    return md5s.size + without;
  }

  private async getWithRetries(modality: string, params: Record<string, string | number>) {
    for (let attempt = 1; ; attempt++) {
      try {
        const { status, body } = await this.get(modality, params);
        if (status === 200 && Array.isArray(body._items)) return body;
      } catch (error) {
        if (attempt >= 30) throw error; // dropped or cut-off answers throw: ask again
      }
      expect(attempt, `mirror page ${JSON.stringify(params)}`).toBeLessThan(30);
    }
  }

  /** POSTs one record (the mirror validates it as the real API's schema does). */
  async post(modality: string, record: unknown, token: string): Promise<number> {
    const response = await this.request.post(`${this.base}/${modality}`, {
      data: record,
      headers: { Authorization: token, 'Content-Type': 'application/json' },
    });
    return response.status();
  }

  /**
   * The `count` most frequent mriqc provenance.version values in `samples` pages spread evenly
   * over the collection (by _id, so old and new uploads both count).
   */
  async frequentVersions(modality: string, count: number, samples = 8): Promise<string[]> {
    const lastPage = Math.max(1, Math.ceil((await this.total(modality)) / 50));
    const pages = new Set(
      Array.from(
        { length: samples },
        (_, i) => 1 + Math.floor((i * (lastPage - 1)) / (samples - 1)),
      ),
    );
    const tally = new Map<string, number>();
    for (const page of pages) {
      const { body } = await this.get(modality, { max_results: 50, page, sort: '_id' });
      for (const item of body._items) {
        const provenance = item.provenance as { version?: unknown; software?: unknown } | undefined;
        if (provenance?.software !== 'mriqc' || typeof provenance.version !== 'string') continue;
        tally.set(provenance.version, (tally.get(provenance.version) ?? 0) + 1);
      }
    }
    return [...tally.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, count)
      .map(([version]) => version);
  }
}

/** A console error a test expects; everything else fails the test. */
export type ExpectedConsoleError = (message: ConsoleMessage) => boolean;

/**
 * The one console error a check of the public API produces here (when it is the chosen source,
 * or the user asks about the others): its host cannot be
 * resolved (no internet on this machine or in CI), and Chromium itself logs
 * "Failed to load resource: net::ERR_NAME_NOT_RESOLVED" for the app's probe. The app handles
 * it (it shows the source as unreachable); only this exact message from that host is excused.
 */
const publicApiOffline: ExpectedConsoleError = (message) =>
  message.text().startsWith('Failed to load resource:') &&
  message.location().url.startsWith(`${PUBLIC_API}/`);

export const test = base.extend<{
  mirror: MirrorClient;
  /** Collected page errors and unexpected console errors; checked empty after each test. */
  pageErrors: { allow: (expected: ExpectedConsoleError) => void };
}>({
  mirror: async ({ request }, use) => {
    await use(new MirrorClient(request));
  },
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const expected: ExpectedConsoleError[] = [publicApiOffline];
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (expected.some((isExpected) => isExpected(message))) return;
        errors.push(`console.error: ${message.text()} (${message.location().url})`);
      });
      await use({ allow: (isExpected) => expected.push(isExpected) });
      expect(errors, 'page errors and unexpected console errors').toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * Full-page screenshot kept twice: attached to the report, and as a PNG under
 * test-results/screenshots/ (the path README.md names) for people to look at.
 */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // project.outputDir is test-results/ (playwright.config.ts outputDir).
  const dir = join(testInfo.project.outputDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * Starts an extra mirror (faults, latency, its own data) on `port` (+ E2E_PORT_OFFSET) and waits for its
 * `mirror listening on` line. `stop` ends that process group, and only it.
 */
export async function startMirror(
  port: number,
  args: string[],
): Promise<{ base: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    'npx',
    ['tsx', 'mirror/main.ts', '--port', String(port + E2E_PORT_OFFSET), ...args],
    {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: npx, tsx and node stop together
    },
  );
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mirror did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /mirror listening on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mirror exited with ${code}:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  return { base, stop };
}

/**
 * The `_id`s stored in the browser for the dataset of `source` + `modality`, read straight from
 * the app's store, in stored order: the `_id` column of every appended chunk (IndexedDB) and of
 * every compacted segment (an origin-private file, or a Blob in IndexedDB where there is none),
 * of the chunks the dataset records. Read as the app reads: the index in one transaction (a
 * compaction switching meanwhile is seen whole or not at all), an appended record a segment
 * covers skipped (the compactor drops those after its switch), and the whole read again if a
 * segment file went away under it (an older index's file, deleted after a switch).
 */
export async function readStoredIds(
  page: Page,
  source: string,
  modality: string,
): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const read = await readStoredIdsOnce(page, source, modality);
    if (read.type === 'ids') return read.ids;
    if (attempt === 5) throw new Error(`segment files kept going away: ${read.message}`);
  }
}

function readStoredIdsOnce(
  page: Page,
  source: string,
  modality: string,
): Promise<{ type: 'ids'; ids: string[] } | { type: 'file-gone'; message: string }> {
  return page.evaluate(
    async ({ source, modality }) => {
      const request = indexedDB.open('crowdmri-explorer');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const names = ['datasets', 'chunks', 'columns', 'segments'].filter((n) =>
        db.objectStoreNames.contains(n),
      );
      const tx = db.transaction(names);
      const all = <T>(store: string, range?: IDBKeyRange) =>
        new Promise<T[]>((resolve, reject) => {
          if (!names.includes(store)) return resolve([]);
          const r = tx.objectStore(store).getAll(range);
          r.onsuccess = () => resolve(r.result as T[]);
          r.onerror = () => reject(r.error);
        });
      type Dataset = { key: string; source: string; modality: string };
      const datasets = await all<Dataset>('datasets');
      const found = datasets.filter((d) => d.source === source && d.modality === modality);
      if (found.length !== 1) throw new Error(`expected one dataset, found ${found.length}`);
      const key = found[0]!.key;
      type Column = { chunk: number } & (
        | { kind: 'raw'; values: unknown[] }
        | { kind: 'dict'; dict: unknown[]; codes: ArrayLike<number> }
        | { kind: 'number'; values: ArrayLike<number> }
        | { kind: 'hex'; width: number; bytes: Uint8Array; missing: ArrayLike<number> }
      );
      type Segment = {
        chunk: number;
        lastChunk: number;
        counts: number[];
        backend: 'opfs' | 'idb';
        dir: string;
        file: string;
        layout: { kind: string; width: number; missingAt: number; missingCount: number };
      };
      const range = IDBKeyRange.bound([key, '_id', 0], [key, '_id', Infinity]);
      // Requested together in one transaction: one snapshot of the index.
      const [appended, segments, chunkRecords] = await Promise.all([
        all<Column>('columns', range),
        all<Segment>('segments', range),
        all<{ chunk: number }>(
          'chunks',
          IDBKeyRange.bound([key, 0], [key, Number.POSITIVE_INFINITY]),
        ),
      ]);
      // A chunk is stored while its chunk record is: rows of a chunk lost from inside a
      // compacted segment are still in the file, but no longer the dataset's (as the app reads).
      const present = new Set(chunkRecords.map((c) => c.chunk));
      const covered = (chunk: number) =>
        segments.some((s) => s.chunk <= chunk && chunk <= s.lastChunk);
      // Ids (ObjectIds: 24 lowercase hex digits) are stored as 12 bytes each; one per row,
      // null where the row has none.
      const hexIds = (c: { width: number; bytes: Uint8Array; missing: ArrayLike<number> }) => {
        const missing = new Set(Array.from(c.missing));
        return Array.from({ length: c.bytes.length / c.width }, (_, row) =>
          missing.has(row)
            ? null
            : Array.from(c.bytes.subarray(row * c.width, (row + 1) * c.width), (b) =>
                b.toString(16).padStart(2, '0'),
              ).join(''),
        );
      };
      const parts: Array<{ chunk: number; ids: Array<string | null> }> = appended
        .filter((c) => !covered(c.chunk))
        .map((c) => ({
          chunk: c.chunk,
          ids:
            c.kind === 'raw'
              ? c.values.map(String)
              : c.kind === 'dict'
                ? Array.from(c.codes, (code) => String(c.dict[code - 1]))
                : c.kind === 'hex'
                  ? hexIds(c)
                  : [],
        }));
      const segmentBlob = async (s: Segment): Promise<Blob | null> => {
        if (s.backend === 'idb') {
          const get = db.transaction('files').objectStore('files').get(`${s.dir}/${s.file}`);
          return new Promise((resolve, reject) => {
            get.onsuccess = () => resolve((get.result as Blob | undefined) ?? null);
            get.onerror = () => reject(get.error);
          });
        }
        try {
          const root = await navigator.storage.getDirectory();
          const dir = await (await root.getDirectoryHandle('crowdmri-segments')).getDirectoryHandle(
            s.dir,
          );
          return await (await dir.getFileHandle(s.file)).getFile();
        } catch (error) {
          if ((error as DOMException).name === 'NotFoundError') return null;
          throw error;
        }
      };
      for (const s of segments) {
        if (s.layout.kind !== 'hex') throw new Error(`_id segment stored as ${s.layout.kind}`);
        const blob = await segmentBlob(s);
        if (!blob) {
          db.close();
          return { type: 'file-gone' as const, message: `${s.dir}/${s.file}` };
        }
        const bytes = new Uint8Array(await blob.arrayBuffer());
        const rows = s.counts.reduce((n, c) => n + c, 0);
        const { width, missingAt, missingCount } = s.layout;
        const missing = new Uint32Array(
          bytes.slice(missingAt, missingAt + missingCount * 4).buffer,
        );
        const ids = hexIds({ width, bytes: bytes.subarray(0, rows * width), missing });
        let row = 0;
        s.counts.forEach((count, i) => {
          parts.push({ chunk: s.chunk + i, ids: ids.slice(row, row + count) });
          row += count;
        });
      }
      db.close();
      const ids = parts
        .filter((p) => present.has(p.chunk))
        .sort((a, b) => a.chunk - b.chunk)
        .flatMap((p) => p.ids.filter((id): id is string => id !== null));
      return { type: 'ids' as const, ids };
    },
    { source, modality },
  );
}

/** The app's URL for a query (and any view params). */
export function appUrl(params: Record<string, string>): string {
  return `/?${new URLSearchParams(params)}`;
}

/**
 * Opens the query (`source`, `modality`, `software` default to the configured mirror, T1w,
 * mriqc), presses Download and waits for "Downloaded N records" (`total` = the mirror's count).
 */
export async function downloadQuery(
  page: Page,
  params: Record<string, string>,
  total: number,
): Promise<void> {
  await page.goto(appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc', ...params }));
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  // Not a speed check (those live in bench/): on a busy machine 3,000 records take over 5 s.
  await expect(page.getByRole('status', { name: 'Download result' })).toContainText(
    `Downloaded ${total.toLocaleString('en-US')} records`,
    { timeout: 60_000 },
  );
}
