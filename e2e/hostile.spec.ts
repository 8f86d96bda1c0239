/**
 * Sources that misbehave on the wire (issue 10, cases 3–5; issue 12, bug 2): a server that
 * stalls, sources that are not web addresses, a redirect to another site, a source that cannot
 * be reached. Each server here is e2e/hostile-server.ts with the modes written below.
 */
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import type { Page } from '@playwright/test';
import { appUrl, expect, saveScreenshot, test } from './fixtures.ts';
import {
  envelope,
  fakeRecord,
  type HostileRequest,
  type Mode,
  sendJson,
  startHostileServer,
} from './hostile-server.ts';

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' };

/** Waits on the machine's speed (a download's first pages): generous, as CI may be loaded. */
const SLOW = { timeout: 60_000 };
/**
 * Pause and Cancel act at once; the checks leave a loaded machine some time, still far under
 * what a stalled request held them before (60 s; forever during the first request).
 */
const PROMPT = { timeout: 15_000 };

function controls(page: Page) {
  return {
    download: page.getByRole('button', { name: 'Download', exact: true }),
    pause: page.getByRole('button', { name: 'Pause' }),
    cancel: page.getByRole('button', { name: 'Cancel' }),
    resume: page.getByRole('button', { name: 'Resume' }),
    status: page.getByRole('status', { name: 'Download status' }),
    result: page.getByRole('status', { name: 'Download result' }),
    count: page.getByRole('status', { name: 'Query result' }),
    panel: page.getByRole('region', { name: 'Saved in this browser' }),
    concurrency: page.getByRole('combobox', { name: 'Requests in flight' }),
  };
}

/**
 * The download's requests that the client closed before their answer ended: aborted. (The
 * source-status probe, no `sort`, and the match count, page 1 of 50 without `_id` bounds, are
 * the page's own requests, with their own time limits.)
 */
class Aborts {
  count = 0;
  watch(req: HostileRequest, res: ServerResponse): void {
    const { params } = req;
    const statusProbe = !params.has('sort');
    const count = params.get('max_results') === '50' && !params.get('where')?.includes('_id');
    if (statusProbe || count) return;
    res.on('close', () => {
      if (!res.writableEnded) this.count++;
    });
  }
}

/** Headers at once, then one byte every 5 s, never finishing: a stalled server (case 3). */
function trickle(aborts: Aborts): Mode {
  return (req, res) => {
    aborts.watch(req, res);
    res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
    res.write('{"_items": [');
    const timer = setInterval(() => res.write(' '), 5000);
    res.on('close', () => clearInterval(timer));
  };
}

/** The `_id` bounds of an Eve `where` as the app writes it (alone or inside `$and`). */
function idBounds(where: unknown): { gt?: string; lte?: string } {
  if (typeof where !== 'object' || where === null) return {};
  const node = where as Record<string, unknown>;
  const own = (node._id ?? {}) as { $gt?: string; $lte?: string };
  const parts = Array.isArray(node.$and) ? node.$and.map(idBounds) : [];
  return Object.assign({ gt: own.$gt, lte: own.$lte }, ...parts.map(definedOnly));
}

function definedOnly(bounds: { gt?: string; lte?: string }) {
  return Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined));
}

/**
 * Eve's paging over `count` made-up records (`_id` ranges, `sort=±_id`, `max_results` clamped to
 * 50, `page`), every record matching the software filter.
 */
function answerPage(req: HostileRequest, res: ServerResponse, count: number): number {
  const { gt, lte } = idBounds(JSON.parse(req.params.get('where') ?? '{}'));
  let items = Array.from({ length: count }, (_, i) => fakeRecord(i + 1)).filter(
    (r) => (gt === undefined || String(r._id) > gt) && (lte === undefined || String(r._id) <= lte),
  );
  if (req.params.get('sort') === '-_id') items = items.reverse();
  const asked = Number(req.params.get('max_results') ?? 25);
  const maxResults = Math.min(asked > 0 ? asked : 25, 50);
  const page = Number(req.params.get('page') ?? 1);
  const slice = items.slice((page - 1) * maxResults, page * maxResults);
  sendJson(res, envelope(slice, { total: items.length, page, maxResults }));
  return slice.length;
}

/**
 * Answers like the API until `stalled()` says so, then stalls every request (case 3).
 * `sent.records` counts the records sent in answers to the download's pages (`_id` ranges).
 */
function answerThenStall(
  count: number,
  aborts: Aborts,
  stalled: (n: number) => boolean,
  sent = { records: 0 },
): Mode {
  let n = 0;
  const stall = trickle(aborts);
  return (req, res) => {
    n++;
    if (stalled(n)) return stall(req, res);
    const records = answerPage(req, res, count);
    if (req.params.get('where')?.includes('_id')) sent.records += records;
  };
}

/** A port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The API bases of the datasets the browser holds, read straight from IndexedDB. */
function storedSources(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const request = indexedDB.open('crowdmri-explorer');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    if (!db.objectStoreNames.contains('datasets')) return [];
    const rows = await new Promise<{ source: string }[]>((resolve, reject) => {
      const r = db.transaction('datasets').objectStore('datasets').getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return rows.map((row) => row.source);
  });
}

// Servers that stall on purpose, and downloads on a machine that may be loaded.
test.describe.configure({ timeout: 120_000 });

const fetched = async (page: Page) =>
  Number(await controls(page).status.getAttribute('data-fetched'));

test.describe('case 3: a stalled server', () => {
  test('Pause during the first request stops it at once and frees the panel', async ({ page }) => {
    const aborts = new Aborts();
    const server = await startHostileServer({ T1w: trickle(aborts) });
    try {
      await page.goto(appUrl({ source: server.base, modality: 'T1w', software: 'mriqc' }));
      const ui = controls(page);
      await ui.download.click();
      await expect(ui.pause).toBeEnabled();
      // The count and the download's first request are both in flight, both stalled.
      await expect.poll(() => server.served.get('T1w') ?? 0, SLOW).toBeGreaterThanOrEqual(2);
      await ui.pause.click();
      // At once: no "Pausing…" with a disabled button while the stalled request trickles on.
      await expect(ui.pause).toBeHidden(PROMPT);
      await expect(ui.result).toContainText('Paused', PROMPT);
      await expect(ui.panel).not.toContainText('Pausing');
      await expect(ui.download).toBeEnabled();
      // The browser closed the download's request (the count's stays: it has its own budget).
      await expect.poll(() => aborts.count, PROMPT).toBeGreaterThanOrEqual(1);
    } finally {
      await server.close();
    }
  });

  test('Pause mid-download aborts the stalled requests; Resume completes the set', async ({
    page,
  }) => {
    const aborts = new Aborts();
    const sent = { records: 0 };
    let stalling = true;
    // The count, the two probes and a few pages answer; then every request stalls.
    const mode = answerThenStall(400, aborts, (n) => stalling && n > 6, sent);
    const server = await startHostileServer({ T1w: mode });
    try {
      await page.goto(appUrl({ source: server.base, modality: 'T1w', software: 'mriqc' }));
      const ui = controls(page);
      await ui.download.click();
      await expect.poll(() => fetched(page), SLOW).toBeGreaterThan(0);
      await expect
        .poll(() => aborts.count === 0 && (server.served.get('T1w') ?? 0) > 7, SLOW)
        .toBe(true);
      await ui.pause.click();
      await expect(ui.resume).toBeVisible(PROMPT);
      await expect(ui.result).toContainText('Paused');
      await expect.poll(() => aborts.count, PROMPT).toBeGreaterThanOrEqual(1);
      // Every record the server did send is kept; the stalled pages are fetched on Resume.
      expect(sent.records).toBeGreaterThan(0);
      await expect(ui.status).toHaveAttribute('data-fetched', String(sent.records));

      stalling = false;
      await ui.resume.click();
      await expect(ui.result).toContainText('Downloaded 400 records', SLOW);
    } finally {
      await server.close();
    }
  });

  test('Cancel aborts at once and keeps the records already saved', async ({ page }, testInfo) => {
    const aborts = new Aborts();
    const server = await startHostileServer({
      T1w: answerThenStall(400, aborts, (n) => n > 6),
    });
    try {
      await page.goto(appUrl({ source: server.base, modality: 'T1w', software: 'mriqc' }));
      const ui = controls(page);
      await ui.download.click();
      await expect.poll(() => fetched(page), SLOW).toBeGreaterThan(0);
      await expect(ui.cancel).toBeEnabled();
      await saveScreenshot(page, testInfo, 'download-stalled-running');
      await ui.cancel.click();
      await expect(ui.cancel).toBeHidden(PROMPT);
      await expect(ui.pause).toBeHidden();
      await expect(ui.result).toContainText('cancelled');
      const kept = await fetched(page);
      expect(kept).toBeGreaterThan(0);
      await expect(ui.result).toContainText(`${kept} records`);
      await expect(ui.result).toContainText('kept');
      await expect.poll(() => aborts.count, PROMPT).toBeGreaterThanOrEqual(1);
      await saveScreenshot(page, testInfo, 'download-cancelled');

      // Still there after a reload.
      await page.reload();
      await expect(ui.status).toHaveAttribute('data-fetched', String(kept), SLOW);
    } finally {
      await server.close();
    }
  });
});

test('case 3: an answer that stops arriving is cut after 20 s of silence and retried', async ({
  page,
}) => {
  const aborts = new Aborts();
  let silenced = 0;
  const server = await startHostileServer({
    T1w: (req, res) => {
      // The first page of records: headers and the start of a body, then silence.
      if (silenced === 0 && req.params.get('where')?.includes('$lte')) {
        silenced++;
        aborts.watch(req, res);
        res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
        res.write('{"_items": [');
        return;
      }
      answerPage(req, res, 400);
    },
  });
  try {
    await page.goto(appUrl({ source: server.base, modality: 'T1w', software: 'mriqc' }));
    const ui = controls(page);
    await ui.download.click();
    // 20 s of silence, then the retry; the budget alone (60 s) would take three times as long.
    await expect(ui.result).toContainText('Downloaded 400 records', { timeout: 50_000 });
    expect(aborts.count).toBe(1);
    await expect(page.getByText('Retried requests').locator('+ dd')).toHaveText('1');
  } finally {
    await server.close();
  }
});

test.describe('case 4: sources are http(s) only', () => {
  for (const source of [
    'data:application/json,{"_items":[{"_id":"000000000000000000000001"}],"_meta":{"page":1,"max_results":50,"total":3},"_links":{}}',
    'javascript:alert(1)',
    'blob:http://127.0.0.1/00000000-0000-0000-0000-000000000000',
    'file:///etc/passwd',
  ]) {
    const scheme = source.slice(0, source.indexOf(':') + 1);
    test(`${scheme} is refused before any request, naming the scheme`, async ({ page }) => {
      const requested: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(scheme)) requested.push(request.url());
      });
      await page.goto(appUrl({ source, modality: 'T1w', software: 'mriqc' }));
      const ui = controls(page);
      await ui.download.click();
      await expect(ui.count).toContainText(`${scheme} address`);
      await expect(ui.count).toContainText('http');
      await expect(ui.panel.getByRole('alert')).toContainText(`${scheme} address`);
      await expect(ui.pause).toBeHidden();
      await expect(ui.count).not.toContainText('match');
      expect(await storedSources(page)).toEqual([]);
      expect(requested).toEqual([]);
    });
  }
});

test.describe('case 5: redirects', () => {
  test('a redirect to another origin is refused and nothing is stored', async ({
    page,
  }, testInfo) => {
    const other = await startHostileServer({
      T1w: (req, res) => {
        answerPage(req, res, 120);
      },
    });
    const origin = new URL(other.base).origin;
    const source = await startHostileServer({
      T1w: (req, res) => {
        const to = `${other.base}/T1w?${req.params}`;
        res.writeHead(302, { ...CORS, location: to });
        res.end();
      },
    });
    try {
      await page.goto(appUrl({ source: source.base, modality: 'T1w', software: 'mriqc' }));
      const ui = controls(page);
      await ui.download.click();
      const message = ui.panel.getByRole('alert');
      await expect(message).toContainText(`redirected to ${origin}`);
      await saveScreenshot(page, testInfo, 'download-redirect-refused');
      await expect(message).toContainText('use that address as the source if you trust it');
      await expect(ui.count).toContainText(`redirected to ${origin}`);
      await expect(ui.pause).toBeHidden();
      expect(await storedSources(page)).toEqual([]);
    } finally {
      await source.close();
      await other.close();
    }
  });

  test('a redirect within the same origin is followed', async ({ page }) => {
    const server = await startHostileServer({
      T1w: (req, res) => {
        res.writeHead(307, { ...CORS, location: `/api/v1/moved?${req.params}` });
        res.end();
      },
      moved: (req, res) => {
        answerPage(req, res, 120);
      },
    });
    try {
      await page.goto(appUrl({ source: server.base, modality: 'T1w', software: 'mriqc' }));
      await controls(page).download.click();
      await expect(controls(page).result).toContainText('Downloaded 120 records', SLOW);
      expect(await storedSources(page)).toEqual([server.base]);
    } finally {
      await server.close();
    }
  });
});

test('issue 12 bug 2: an unreachable source ends the run when its error shows', async ({
  page,
  pageErrors,
}) => {
  const base = `http://127.0.0.1:${await closedPort()}/api/v1`;
  pageErrors.allow((m) => m.text().includes('ERR_CONNECTION_REFUSED'));
  await page.goto(appUrl({ source: base, modality: 'T1w', software: 'mriqc' }));
  const ui = controls(page);
  await ui.download.click();
  await expect(ui.count).toContainText('Could not reach');
  // The run ends too, after a few quick retries (< 2 s of waits; before, up to 8 attempts over
  // ~30–60 s of backoff while the panel said "Downloading…"), with the way to try again.
  await expect(ui.panel.getByRole('alert')).toContainText('Could not reach', { timeout: 8000 });
  await expect(ui.pause).toBeHidden();
  await expect(ui.panel).not.toContainText('Downloading');
  await expect(ui.download).toBeEnabled();
});
