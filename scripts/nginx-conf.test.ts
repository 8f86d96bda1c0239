import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPolicy, readPolicy } from './csp.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('deploy/nginx.conf', () => {
  const conf = read('deploy/nginx.conf');

  it("sends index.html's Content-Security-Policy as a header, with frame-ancestors 'none'", () => {
    const policy = readPolicy(read('index.html'));
    expect(policy).not.toBeNull();
    const header = /add_header Content-Security-Policy "([^"]*)" always;/.exec(conf)?.[1];
    expect(header).toBe(`${formatPolicy(policy ?? new Map())}; frame-ancestors 'none'`);
  });

  it('sends Referrer-Policy no-referrer, as index.html asks', () => {
    expect(read('index.html')).toContain('<meta name="referrer" content="no-referrer" />');
    expect(conf).toContain('add_header Referrer-Policy "no-referrer" always;');
  });
});
