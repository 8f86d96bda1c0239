import { resolve } from 'node:path';
import { emitMedian, measureRuns } from './table-open-1m.bench.ts';
import type { Benchmark } from './types.ts';

/** The real 148-scan MRIQC group file the e2e uses (attribution in e2e/fixtures/README.md). */
const GROUP_FILE = resolve(import.meta.dirname, '../e2e/fixtures/user-group_T1w.tsv');
const SCANS = 148;

/**
 * Stamps the file input's `change` (the moment the user's file is handed to the page) and
 * resolves with the time from it until the comparison table lists every scan, plus one
 * animation frame. In the page's own clock, so Playwright's polling adds nothing. Plain
 * JavaScript text: tsx's `__name` helpers don't exist in the page.
 */
const TIME_COMPARISON = `new Promise((resolve, reject) => {
  const input = document.querySelector('input[type="file"]');
  if (!input) { reject(new Error('no file input on the Compare tab')); return; }
  let start = null;
  input.addEventListener('change', () => { start = performance.now(); }, { capture: true, once: true });
  // Rows show as the first IQMs finish; done is every row shown and no "Comparing…" left.
  const running = () => Array.from(document.querySelectorAll('.compare [role="status"]'))
    .some((el) => (el.textContent ?? '').startsWith('Comparing with the crowd'));
  const done = () =>
    start !== null &&
    document.querySelectorAll('table[aria-label="Your scans against the crowd"] tbody tr').length >= ${SCANS} &&
    !running();
  const timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error('no comparison of ${SCANS} scans after 300 s: ' +
      (document.querySelector('.compare [role="alert"]')?.textContent ?? 'no error shown')));
  }, 300000);
  const observer = new MutationObserver(() => {
    if (!done()) return;
    observer.disconnect();
    clearTimeout(timer);
    requestAnimationFrame(() => resolve(performance.now() - start));
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
})`;

/**
 * The real 148-scan T1w group file against the stored 1M dataset as the crowd: the table open
 * and settled first (as a user arrives), then the Compare tab, then the file chosen → every
 * scan's row shown with its percentiles and flags for every IQM (the crowd's columns read and
 * summarised in the compare worker; the "Comparing with the crowd: x of y IQMs" status gone).
 */
export const bench: Benchmark = {
  name: 'compare-1m',
  description:
    'Compare: the 148-scan T1w group file against the stored 1M crowd → every scan ranked',
  timeoutS: 2400,
  async run(ctx) {
    const seconds = await measureRuns(ctx, ctx.cheapRuns, async (page, i) => {
      await page.getByRole('tab', { name: 'Compare' }).click();
      // The Compare view is its own chunk: its file input exists once that has loaded.
      await page.getByLabel('MRIQC group file').waitFor({ timeout: 120_000 });
      // The observer is in place before the file is chosen; the promise waits in the page.
      await page.evaluate(`window.__compareTimed = ${TIME_COMPARISON}; 0`);
      await page.getByLabel('MRIQC group file').setInputFiles(GROUP_FILE);
      const ms = (await page.evaluate('window.__compareTimed')) as number;
      ctx.log(
        `run ${i + 1}: ${SCANS} scans compared ${(ms / 1000).toFixed(3)} s after the file was chosen`,
      );
      return ms / 1000;
    });
    emitMedian(ctx, 'seconds', 's', seconds);
  },
};
