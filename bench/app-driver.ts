import type { BrowserContext, Page } from '@playwright/test';
import { log, sleep } from './stats.ts';

/**
 * How the benchmarks drive the app, through the hooks DESIGN.md names for e2e tests:
 * the button "Download", the control "Requests in flight", and the status line
 * "N of M records" carrying `data-fetched` / `data-total` (and `data-state`, when the UI sets
 * it, on it or an ancestor: `done` once the worker reported the job complete).
 */

/** The app URL for a query over a whole T1w collection (software=mriqc, no versions). */
export function queryUrl(appUrl: string, api: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ source: api, modality: 'T1w', software: 'mriqc', ...extra });
  return `${appUrl}/?${params}`;
}

/** `data-status` of the download panel (or `data-state`) once the worker said the job is done. */
const DONE_STATES = ['done', 'complete', 'completed', 'success'];
const ERROR_STATES = ['error', 'failed'];
/** States in which a status line is still moving (not "ready" for a reopened dataset). */
const BUSY_STATES = ['running', 'pausing', 'starting'];

interface ProbeState {
  clickAt: number | null;
  /** total → page clock when "total of total records" showed with the run's status done. */
  done: Record<string, number>;
  /** total → page clock when "total of total records" first showed while nothing runs. */
  ready: Record<string, number>;
  error: string | null;
  last: { fetched: number; total: number; state: string | null; text: string } | null;
}

/**
 * Installed before any app script: times the Download click and the first moment the status
 * line says "N of N records" done, in the page's own clock (performance.now(), 0 = navigation
 * start), with a MutationObserver, so Playwright's polling adds nothing to the figures.
 * The `plan` URL param (keyset | pages) is passed to the engine by the app itself
 * (features/download/job-spec.ts); watchPlan() checks from the requests that it took effect.
 *
 * Plain JavaScript text on purpose: tsx compiles functions with `__name(...)` helpers, which
 * do not exist in the page when Playwright sends a function's source.
 */
const PROBE = `(() => {
  const doneStates = ${JSON.stringify(DONE_STATES)};
  const errorStates = ${JSON.stringify(ERROR_STATES)};
  const busyStates = ${JSON.stringify(BUSY_STATES)};
  const state = { clickAt: null, done: {}, ready: {}, error: null, last: null };
  window.__crowdBench = state;
  const check = () => {
    const el = document.querySelector('[data-fetched][data-total]');
    if (!el) return;
    const fetched = Number(el.getAttribute('data-fetched'));
    const total = Number(el.getAttribute('data-total'));
    const holder = el.closest('[data-status]') || el.closest('[data-state]');
    const s = holder ? holder.getAttribute('data-status') || holder.getAttribute('data-state') : null;
    state.last = { fetched, total, state: s, text: (el.textContent || '').trim() };
    if (s !== null && errorStates.includes(s)) {
      const alert = document.querySelector('[role="alert"]');
      state.error = ((alert && alert.textContent) || state.last.text).trim() || 'state ' + s;
    }
    if (!(total > 0 && fetched === total)) return;
    const now = performance.now();
    if ((s === null || doneStates.includes(s)) && state.done[total] === undefined) state.done[total] = now;
    if (!busyStates.includes(s) && state.ready[total] === undefined) state.ready[total] = now;
  };
  document.addEventListener('click', (event) => {
    const button = event.target && event.target.closest ? event.target.closest('button') : null;
    if (button && (button.textContent || '').trim() === 'Download') state.clickAt = performance.now();
  }, true);
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
})();`;

export async function installProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: PROBE });
}

export async function openQuery(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Download', exact: true }).waitFor({ timeout: 30_000 });
}

/** Sets "Requests in flight" (a number input or a select, whichever the UI has). */
export async function setConcurrency(page: Page, n: number): Promise<void> {
  const control = page.getByLabel('Requests in flight', { exact: true });
  if ((await control.count()) === 0) {
    throw new Error(
      'no control labelled "Requests in flight" (hook needed: a number input or select, 1–8)',
    );
  }
  const tag = await control.evaluate((el) => el.tagName);
  if (tag === 'SELECT') await control.selectOption(String(n));
  else await control.fill(String(n));
}

/** Clicks Download; returns the page clock at the click. */
export async function clickDownload(page: Page): Promise<number> {
  const before = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const clickAt = await page.evaluate(
    () => (window as unknown as { __crowdBench: ProbeState }).__crowdBench.clickAt,
  );
  return clickAt ?? before;
}

export type WaitOutcome =
  | { type: 'done'; at: number }
  | { type: 'capped'; fetched: number; total: number; at: number };

/**
 * Waits until the status line says `expected` of `expected` records, done. With `capS`, stops
 * waiting after that many seconds and reports how far it got (for runs too long to finish).
 */
export async function waitForDone(
  page: Page,
  expected: number,
  o: { timeoutS: number; capS?: number; label: string; until?: 'done' | 'ready' },
): Promise<WaitOutcome> {
  const started = Date.now();
  let lastLog = started;
  let sawStatus = false;
  while (true) {
    const state = await page.evaluate(
      () => (window as unknown as { __crowdBench: ProbeState }).__crowdBench,
    );
    const elapsedS = (Date.now() - started) / 1000;
    const doneAt = (o.until === 'ready' ? state.ready : state.done)[String(expected)];
    if (doneAt !== undefined) return { type: 'done', at: doneAt };
    if (state.error) throw new Error(`${o.label}: the app reported an error: ${state.error}`);
    if (state.last) sawStatus = true;
    if (!sawStatus && elapsedS > 30) {
      throw new Error(
        `${o.label}: 30 s after Download, no element with data-fetched/data-total (the status line "N of M records") appeared`,
      );
    }
    if (o.capS !== undefined && elapsedS >= o.capS) {
      const now = await page.evaluate(() => performance.now());
      return {
        type: 'capped',
        fetched: state.last?.fetched ?? 0,
        total: state.last?.total ?? 0,
        at: now,
      };
    }
    if (elapsedS > o.timeoutS) {
      throw new Error(
        `${o.label}: not done after ${o.timeoutS} s (last status: ${JSON.stringify(state.last)})`,
      );
    }
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(
        `${o.label}: ${state.last?.fetched ?? '?'} of ${state.last?.total ?? '?'} records (${state.last?.state ?? 'no state'}) after ${elapsedS.toFixed(0)} s`,
      );
    }
    await sleep(250);
  }
}

/**
 * Watches the first requests to the mirror and says which plan they follow. It unsubscribes
 * after 400 requests: Playwright ships request events to this process only while someone
 * listens, and 20,000 of them would cost the runner CPU the browser and mirror should have.
 */
export function watchPlan(context: BrowserContext, api: string) {
  const seen = { deepPages: 0, keysetRanges: 0, requests: 0 };
  const onRequest = (request: { url(): string }) => {
    const url = request.url();
    if (!url.startsWith(api)) return;
    const params = new URL(url).searchParams;
    seen.requests++;
    if (Number(params.get('page') ?? '1') > 1) seen.deepPages++;
    if ((params.get('where') ?? '').includes('"_id"')) seen.keysetRanges++;
    if (seen.requests >= 400) context.off('request', onRequest);
  };
  context.on('request', onRequest);
  return {
    seen,
    stop: () => context.off('request', onRequest),
    /** 'pages' | 'keyset' | 'unknown' from what was requested so far. */
    plan: (): 'pages' | 'keyset' | 'unknown' =>
      seen.deepPages > 0 ? 'pages' : seen.keysetRanges > 0 ? 'keyset' : 'unknown',
  };
}
