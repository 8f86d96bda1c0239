import { queryUrl } from './app-driver.ts';
import { openBrowser } from './browser.ts';
import { median } from './stats.ts';
import type { Benchmark } from './types.ts';

const RECORDS = 20_000;
const LATENCY_MS = 200;
const SLOTS = 4;

/**
 * Facets before download (issue 13 §1) against a mirror answering every request after 200 ms:
 * the time from "Show facets" to every facet value counted (one `max_results=1` request per
 * value, at most 4 in flight), against the floor that limit sets (⌈requests / 4⌉ × 200 ms),
 * and the time for the live count of a fresh page. Timed in the page's clock
 * (performance.now in a MutationObserver), so Playwright's polling adds nothing.
 */
/**
 * Plain JavaScript text, not functions: tsx compiles functions with `__name(...)` helpers that
 * do not exist in the page (see app-driver.ts). The first moment the live count shows a number.
 */
const LIVE_COUNT_TIMED = `(() => {
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[aria-label="Live count"][data-total]')) return;
    window.__liveCountAt = performance.now();
    observer.disconnect();
  }).observe(document, { subtree: true, childList: true, attributes: true });
})()`;

/** Clicks "Show facets" and resolves with the seconds until every value shows its count. */
const FACETS_TIMED = `new Promise((resolve) => {
  const start = performance.now();
  const done = () =>
    document.querySelector('.facet-grid') !== null &&
    document.querySelectorAll('.facet li').length > 0 &&
    document.querySelectorAll('.facet li:not([data-count])').length === 0;
  new MutationObserver((_, observer) => {
    if (!done()) return;
    observer.disconnect();
    resolve((performance.now() - start) / 1000);
  }).observe(document.body, { subtree: true, childList: true, attributes: true });
  [...document.querySelectorAll('button')].find((b) => b.textContent === 'Show facets').click();
})`;

export const bench: Benchmark = {
  name: 'facets-latency',
  description: `facets and live count, mirror latency ${LATENCY_MS} ms, ≤ ${SLOTS} in flight`,
  timeoutS: 600,
  async run(ctx) {
    const mirror = await ctx.mirror({ records: RECORDS, latencyMs: LATENCY_MS });
    const session = await openBrowser(ctx.newProfile());
    const { page } = session;
    const counts: string[] = [];
    page.on('request', (request) => {
      const params = new URL(request.url()).searchParams;
      if (params.get('max_results') === '1' && params.has('where')) counts.push(request.url());
    });
    await page.addInitScript(LIVE_COUNT_TIMED);
    const facetSeconds: number[] = [];
    const liveSeconds: number[] = [];
    const requests: number[] = [];
    try {
      for (let i = 0; i < ctx.cheapRuns; i++) {
        // A fresh page: the count cache lives in the page, so nothing is answered from it.
        await page.goto(queryUrl(ctx.app.url, mirror.api));
        await page.waitForSelector('[aria-label="Live count"][data-total]', { timeout: 60_000 });
        liveSeconds.push(((await page.evaluate('window.__liveCountAt')) as number) / 1000);
        const before = counts.length;
        const seconds = (await page.evaluate(FACETS_TIMED)) as number;
        facetSeconds.push(seconds);
        requests.push(counts.length - before);
        ctx.log(`run ${i + 1}: facets ${seconds.toFixed(2)} s, ${counts.length - before} requests`);
      }
    } finally {
      await session.close();
    }
    const n = median(requests);
    const floor = (Math.ceil(n / SLOTS) * LATENCY_MS) / 1000;
    const runs = facetSeconds.length > 1 ? { runs: facetSeconds.length } : {};
    ctx.emit({
      metric: 'facets_all_counted',
      value: median(facetSeconds),
      unit: 's',
      ...runs,
      values: facetSeconds,
      note: `${n} count requests, ≤ ${SLOTS} in flight, ${LATENCY_MS} ms each`,
    });
    ctx.emit({ metric: 'facets_floor', value: floor, unit: 's', note: '⌈requests / 4⌉ × latency' });
    ctx.emit({ metric: 'facet_requests', value: n, unit: 'requests' });
    ctx.emit({
      metric: 'live_count_after_load',
      value: median(liveSeconds),
      unit: 's',
      ...runs,
      values: liveSeconds,
      note: 'navigation start to the count shown: the probe, then the count, each 200 ms',
    });
  },
};
