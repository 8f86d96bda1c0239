import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { log } from './stats.ts';

// Invalidation tracking says why each element was restyled, but slows style recalc several
// times over: asked for apart (BENCH_TRACE_INVALIDATIONS=1), never in a trace read for times.
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  ...(process.env.BENCH_TRACE_INVALIDATIONS
    ? ['disabled-by-default-devtools.timeline.invalidationTracking']
    : []),
].join(',');

/**
 * BENCH_TRACE=PREFIX: a Chromium performance trace (style, layout, paint) of
 * what a benchmark measures, saved as PREFIX-<name>.json (open it in dev tools' Performance
 * panel). Null when the variable is unset.
 */
export async function startTrace(
  page: Page,
): Promise<{ stop(name: string): Promise<void> } | null> {
  const prefix = process.env.BENCH_TRACE;
  if (!prefix) return null;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  return {
    async stop(name) {
      const complete = new Promise<{ stream?: string }>((resolve) =>
        cdp.once('Tracing.tracingComplete', resolve),
      );
      await cdp.send('Tracing.end');
      const { stream } = await complete;
      if (!stream) throw new Error('the trace came back without a stream');
      let data = '';
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle: stream });
        data += chunk.data;
        if (chunk.eof) break;
      }
      const path = `${prefix}-${name}.json`;
      writeFileSync(path, data);
      log(`trace: ${path}`);
      await cdp.detach();
    },
  };
}
