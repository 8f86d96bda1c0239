/**
 * Source probes (issue 10, cases 8 and 10): what a page load asks of which server, and what a
 * hostile answer to the probe can do to the page.
 */
import type { ServerResponse } from 'node:http';
import type { APIRequestContext, Page } from '@playwright/test';
import { appUrl, expect, MIRROR_API, PUBLIC_API, saveScreenshot, test } from './fixtures.ts';
import { fakeRecord, type Mode, startHostileServer } from './hostile-server.ts';

const HUGE_BYTES = 100 * 1024 * 1024;

interface Sent {
  bytes: number;
  /** The server stopped writing: it sent everything, or the client hung up. */
  done: boolean;
  /** The client closed the connection before the end of the answer. */
  hungUp: boolean;
}

/**
 * Ignores `max_results=1` and streams 100 MB of valid JSON (an Eve envelope of made-up
 * records), counting the bytes it got to write before the client hung up.
 */
function hugeAnswer(sent: Sent): Mode {
  // max_results as large as the page, so a client that reads it all finds a valid page.
  return async (_req, res) => {
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/json' });
    const record = JSON.stringify(fakeRecord(1));
    const chunk = `${record},`.repeat(Math.ceil(65_536 / (record.length + 1)));
    const write = (text: string) => {
      sent.bytes += Buffer.byteLength(text);
      return res.write(text);
    };
    write('{"_meta":{"page":1,"max_results":1000000,"total":120},"_links":{},"_items":[');
    while (sent.bytes < HUGE_BYTES && !res.destroyed) {
      if (!write(chunk)) await drainedOrClosed(res);
    }
    if (res.destroyed) sent.hungUp = true;
    else res.end(`${record}]}`);
    sent.done = true;
  };
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

const MIRROR_ROOT = MIRROR_API.replace(/\/api\/v1$/, '');

/** Requests the e2e mirror has served so far (its own `/__mirror/*` endpoints excluded). */
async function mirrorRequests(request: APIRequestContext): Promise<number> {
  const response = await request.get(`${MIRROR_ROOT}/__mirror/stats`);
  return ((await response.json()) as { requests: number }).requests;
}

/** URLs of the app's requests to the public API's host. */
function publicApiRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${new URL(PUBLIC_API).origin}/`)) urls.push(request.url());
  });
  return urls;
}

function sourceStatus(page: Page, name: string | RegExp) {
  return page
    .getByRole('list', { name: 'Data source status' })
    .getByRole('listitem')
    .filter({ hasText: name });
}

test('a 100 MB answer to the source probe is cut off at 1 MB and named; the app stays usable', async ({
  page,
  request,
}, testInfo) => {
  const sent: Sent = { bytes: 0, done: false, hungUp: false };
  const server = await startHostileServer({ T1w: hugeAnswer(sent), bold: hugeAnswer(sent) });
  try {
    await page.addInitScript(() => {
      const w = window as unknown as { longestTask: number };
      w.longestTask = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longestTask = Math.max(w.longestTask, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const publicRequests = publicApiRequests(page);
    const mirrorBefore = await mirrorRequests(request);
    await page.goto(
      appUrl({ source: server.base, modality: 'T1w', software: 'mriqc', view: 'datasets' }),
    );
    const status = sourceStatus(page, new URL(server.base).host);
    await expect(status).toContainText('answer too large', { timeout: 20_000 });
    await expect(status).toContainText('over 1 MB');
    // The app hung up before the end. What the server got to write before noticing is what the
    // kernel's socket buffers held (on loopback up to tcp_rmem's max, 32 MB here), not the 100 MB.
    await expect.poll(() => sent.done, { timeout: 20_000 }).toBe(true);
    expect(sent.hungUp).toBe(true);
    // For the record only (timings are not asserted: see bench/).
    testInfo.annotations.push({
      type: 'probe',
      description: `server wrote ${sent.bytes} bytes; longest main-thread task ${await page.evaluate(() => (window as unknown as { longestTask: number }).longestTask)} ms`,
    });
    console.log(testInfo.annotations.at(-1)?.description);
    expect(sent.bytes).toBeLessThan(HUGE_BYTES / 2);

    // Nothing else was asked: only the chosen source is probed on load (case 10).
    expect(publicRequests).toEqual([]);
    expect(await mirrorRequests(request)).toBe(mirrorBefore);

    // Usable: the Datasets view, then the table, then a control that writes the URL.
    await expect(
      page.getByRole('heading', { name: 'Datasets saved in this browser' }),
    ).toBeVisible();
    await saveScreenshot(page, testInfo, 'probe-answer-too-large');
    await page.getByRole('tab', { name: 'Table' }).click();
    await expect(page).toHaveURL(/view=table/);
    await page.getByRole('combobox', { name: 'Modality' }).selectOption('bold');
    await expect(page).toHaveURL(/modality=bold/);
    await expect(status).toContainText('answer too large', { timeout: 20_000 });
  } finally {
    await server.close();
  }
});

test('a page load probes only the chosen source; the list and "Check again" probe the others', async ({
  page,
  request,
}) => {
  const publicRequests = publicApiRequests(page);
  const select = page.getByRole('combobox', { name: 'Data source' });
  const mirrorStatus = sourceStatus(page, 'Local mirror');
  const publicStatus = sourceStatus(page, 'Public MRIQC Web API');

  // The mirror chosen: the public API hears nothing.
  const start = await mirrorRequests(request);
  await page.goto(appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc' }));
  await expect(mirrorStatus).toContainText('answering');
  await expect(publicStatus).toContainText('not checked');
  expect(publicRequests).toEqual([]);
  // The probe, then the live count of the query (once the probe has answered).
  await expect(page.getByRole('status', { name: 'Live count' })).toHaveAttribute(
    'data-total',
    /\d/,
  );
  expect(await mirrorRequests(request)).toBe(start + 2);

  // Opening the list asks the others (the chosen source's answer is still fresh).
  await select.click();
  await page.keyboard.press('Escape');
  await expect(publicStatus).toContainText('unreachable', { timeout: 10_000 });
  expect(publicRequests).toHaveLength(1);
  expect(await mirrorRequests(request)).toBe(start + 2);

  // "Check again" asks every source again.
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(mirrorStatus).toContainText('answering');
  await expect(publicStatus).toContainText('unreachable', { timeout: 10_000 });
  expect(publicRequests).toHaveLength(2);
  // The probe again; the live count is still fresh (cached for its query), so not asked again.
  expect(await mirrorRequests(request)).toBe(start + 3);

  // The public API chosen: the mirror hears nothing.
  const beforePublic = await mirrorRequests(request);
  await page.goto(appUrl({ source: PUBLIC_API, modality: 'bold', software: 'mriqc' }));
  await expect(publicStatus).toContainText('unreachable', { timeout: 10_000 });
  await expect(mirrorStatus).toContainText('not checked');
  expect(publicRequests).toHaveLength(3);
  expect(await mirrorRequests(request)).toBe(beforePublic);
});
