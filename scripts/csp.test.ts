// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { barX, lineY, plot } from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { devPolicy, formatPolicy, type Policy, readPolicy } from './csp.ts';

const INDEX_HTML = readFileSync(join(import.meta.dirname, '..', 'index.html'), 'utf8');

function indexPolicy(): Policy {
  const policy = readPolicy(INDEX_HTML);
  if (!policy) throw new Error('index.html has no Content-Security-Policy <meta>');
  return policy;
}

/** The CSP hash of each `<style>` element inside `node`, as a style-src source. */
function styleHashes(node: Element): string[] {
  return [...node.querySelectorAll('style')].map(
    (style) =>
      `'sha256-${createHash('sha256')
        .update(style.textContent ?? '')
        .digest('base64')}'`,
  );
}

describe('index.html Content-Security-Policy', () => {
  it('allows only this site, https APIs and a mirror on this computer', () => {
    const policy = indexPolicy();
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'https:',
      'http://127.0.0.1:*',
      'http://localhost:*',
    ]);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('style-src')?.[0]).toBe("'self'");
    expect(policy.get('style-src')).not.toContain("'unsafe-inline'");
    // Ignored in a <meta> (and Chromium logs an error for it): it belongs in a server header.
    expect(policy.has('frame-ancestors')).toBe(false);
  });

  it('sends no Referer', () => {
    expect(INDEX_HTML).toMatch(/<meta name="referrer" content="no-referrer"\s*\/?>/);
  });

  it("lists the hash of every <style> Observable Plot writes for the app's charts, and no other", () => {
    // What the app draws: plain charts (records over time, bars) and grouped distributions,
    // whose colour legend is a row of swatches.
    const drawn = [
      plot({ marks: [lineY([1, 3, 2])] }),
      plot({ marks: [barX([3, 1, 2])] }),
      plot({
        marks: [lineY([1, 3, 2], { stroke: (_: unknown, i: number) => `group ${i % 2}` })],
        color: { legend: true, domain: ['group 0', 'group 1'] },
      }),
    ];
    const needed = new Set(drawn.flatMap(styleHashes));
    expect(needed.size).toBe(2);
    const listed = (indexPolicy().get('style-src') ?? []).filter((s) => s.startsWith("'sha256-"));
    expect(new Set(listed)).toEqual(needed);
  });
});

describe('devPolicy', () => {
  it("adds what Vite's dev server needs and keeps the rest", () => {
    const policy = indexPolicy();
    const dev = devPolicy(policy);
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    // 'unsafe-inline' beside a hash would be ignored: the hashes go.
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual([...(policy.get('connect-src') ?? []), 'ws:']);
    for (const name of ['default-src', 'worker-src', 'img-src', 'object-src', 'base-uri']) {
      expect(dev.get(name)).toEqual(policy.get(name));
    }
    expect(policy.get('script-src')).toEqual(["'self'"]); // the strict one is left as it was
  });

  it('round-trips through formatPolicy', () => {
    const policy = indexPolicy();
    expect(
      readPolicy(`<meta http-equiv="Content-Security-Policy" content="${formatPolicy(policy)}" />`),
    ).toEqual(policy);
  });
});
