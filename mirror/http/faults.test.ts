import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FaultOptions, NO_FAULTS } from '../cli-options.ts';
import { generateDatabase } from '../data/synthetic/dataset.ts';
import type { Database } from '../data/types.ts';
import { rawExchange, startTestMirror, type TestMirror } from '../testing/http-test-client.ts';
import { createFaultPlan, failureResponse } from './faults.ts';

const NONE: FaultOptions = NO_FAULTS;
const ORIGIN = 'http://app.example';

let db: Database;
let mirror: TestMirror | null = null;

beforeAll(() => {
  db = generateDatabase({ records: { T1w: 60, T2w: 0, bold: 0 }, seed: 3 });
});

afterEach(async () => {
  await mirror?.close();
  mirror = null;
});

async function start(faults: Partial<FaultOptions>, seed = 42): Promise<TestMirror> {
  mirror = await startTestMirror(db, { faults: { ...NONE, ...faults }, seed });
  return mirror;
}

const corsHeaderNames = (headers: Record<string, unknown>) =>
  Object.keys(headers).filter((h) => h.startsWith('access-control-') || h === 'vary');

describe('createFaultPlan', () => {
  it('is inactive and harmless with no faults configured', () => {
    const plan = createFaultPlan(NONE, 1);
    expect(plan.active).toBe(false);
    expect(plan.next()).toEqual({ type: 'none', delayMs: 0 });
  });

  it('hits each rate roughly, and the same seed replays the same fates', () => {
    const faults = { ...NONE, failRate: 0.2, dropRate: 0.1, truncateRate: 0.05 };
    const fates = (seed: number) => {
      const plan = createFaultPlan(faults, seed);
      return Array.from({ length: 4000 }, () => plan.next().type);
    };
    const a = fates(7);
    expect(fates(7)).toEqual(a);
    expect(fates(8)).not.toEqual(a);
    const share = (type: string) => a.filter((t) => t === type).length / a.length;
    expect(share('fail')).toBeCloseTo(0.2, 1);
    expect(share('drop')).toBeCloseTo(0.1, 1);
    expect(share('truncate')).toBeCloseTo(0.05, 1);
  });

  it('spreads --fail-status mixed over 429, 503 and 502 in about equal thirds', () => {
    const plan = createFaultPlan({ ...NONE, failRate: 1, failStatus: 'mixed' }, 5);
    const counts = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const fate = plan.next();
      if (fate.type === 'fail') counts.set(fate.status, (counts.get(fate.status) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([429, 502, 503]);
    for (const n of counts.values()) expect(n / 3000).toBeCloseTo(1 / 3, 1);
  });

  it('draws delays in [latency, latency + jitter)', () => {
    const plan = createFaultPlan({ ...NONE, latencyMs: 100, jitterMs: 50 }, 9);
    const delays = Array.from({ length: 500 }, () => plan.next().delayMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThan(150);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(40);
  });
});

describe('failureResponse shapes', () => {
  it('429 and 503 are Eve JSON envelopes that may carry CORS and Retry-After', () => {
    const r = failureResponse(503, 7);
    expect(r.cors).toBe(true);
    expect(r.headers).toContainEqual(['Retry-After', '7']);
    expect(JSON.parse(r.body.toString())._error.code).toBe(503);
    expect(failureResponse(429, null).headers.map(([h]) => h)).toEqual(['Content-Type']);
  });

  it('502, 504 and 500 are HTML pages that never carry CORS', () => {
    for (const status of [502, 504, 500] as const) {
      const r = failureResponse(status, 3);
      expect(r.cors).toBe(false);
      expect(r.headers.find(([h]) => h === 'Retry-After')).toBeUndefined();
      expect(r.body).toMatch(/<html/);
    }
    expect(failureResponse(502, null).body).toContain('<center>nginx</center>');
  });
});

describe('faults over HTTP', () => {
  it('--latency delays data GETs by about that long', async () => {
    const m = await start({ latencyMs: 150 });
    const t0 = performance.now();
    const res = await m.request('/api/v1/T1w?max_results=1');
    const elapsed = performance.now() - t0;
    expect(res.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(145);
    expect(elapsed).toBeLessThan(1000);
  });

  it('--jitter adds up to that much more', async () => {
    const m = await start({ latencyMs: 20, jitterMs: 200 });
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      await m.request('/api/v1/T1w?max_results=1');
      times.push(performance.now() - t0);
    }
    expect(Math.min(...times)).toBeGreaterThanOrEqual(18);
    expect(Math.max(...times)).toBeLessThan(20 + 200 + 300);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(20);
  });

  it('--fail-status 503 gives the JSON envelope with CORS and Retry-After', async () => {
    const m = await start({ failRate: 1, failStatus: 503, retryAfterS: 7 });
    const res = await m.request('/api/v1/T1w', { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()._status).toBe('ERR');
    expect(res.json()._error.code).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('--fail-status 429 without --retry-after sends no Retry-After', async () => {
    const m = await start({ failRate: 1, failStatus: 429 });
    const res = await m.request(`/api/v1/T1w/${db.T1w.idAt(0)}`, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('--fail-status 502 gives nginx HTML with no CORS headers at all', async () => {
    const m = await start({ failRate: 1, failStatus: 502, retryAfterS: 7 });
    const res = await m.request('/api/v1/T1w', { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toBe('text/html');
    expect(res.body).toContain('502 Bad Gateway');
    expect(corsHeaderNames(res.headers)).toEqual([]);
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('--fail-status mixed gives 429, 503 and 502, each in its own shape', async () => {
    const m = await start({ failRate: 1, failStatus: 'mixed' });
    const seen = new Map<number, Awaited<ReturnType<TestMirror['request']>>>();
    for (let i = 0; i < 40 && seen.size < 3; i++) {
      const res = await m.request('/api/v1/T1w', { headers: { Origin: ORIGIN } });
      seen.set(res.status, res);
    }
    expect([...seen.keys()].sort()).toEqual([429, 502, 503]);
    expect(corsHeaderNames(seen.get(502)!.headers)).toEqual([]);
    expect(seen.get(429)!.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('faults spare OPTIONS, POST, HEAD, the home page and /__mirror/*', async () => {
    const m = await start({ failRate: 1, failStatus: 502 });
    expect((await m.request('/api/v1/T1w', { method: 'OPTIONS' })).status).toBe(200);
    expect((await m.request('/api/v1/T1w', { method: 'HEAD' })).status).toBe(401);
    expect((await m.request('/api/v1/rating', { method: 'POST' })).status).toBe(401);
    expect((await m.request('/api/v1')).status).toBe(200);
    expect((await m.request('/__mirror/stats')).status).toBe(200);
    expect((await m.request('/api/v1/T1w')).status).toBe(502);
  });

  it('--drop-rate destroys the socket without any response', async () => {
    const m = await start({ dropRate: 1 });
    const { response, closed } = await rawExchange(
      m.port,
      'GET /api/v1/T1w HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(closed).toBe(true);
    expect(response).toBe('');
    await expect(m.request('/api/v1/T1w')).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await m.request('/__mirror/stats')).json().dropped).toBe(2);
  });

  it('--truncate-rate sends the full Content-Length, half the body, then closes', async () => {
    const m = await start({ truncateRate: 1 });
    const { response, closed } = await rawExchange(
      m.port,
      'GET /api/v1/T1w?max_results=10 HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(closed).toBe(true);
    const [head = '', body = ''] = response.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK/);
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1]);
    expect(length).toBeGreaterThan(100);
    expect(Buffer.byteLength(body, 'latin1')).toBe(Math.floor(length / 2));
    const stats = (await m.request('/__mirror/stats')).json();
    expect(stats.truncated).toBe(1);
    expect(stats.byStatus['200']).toBe(1);
  });

  it('GET /__mirror/stats counts requests by status, with CORS, and resets', async () => {
    const m = await start({});
    await m.request('/api/v1/T1w');
    await m.request('/api/v1/T1w?where={bad');
    await m.request('/api/v1/nothere');
    await m.request('/api/v1/nothere');
    const res = await m.request('/__mirror/stats', { headers: { Origin: ORIGIN } });
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    const stats = res.json();
    expect(stats).toMatchObject({
      requests: 4,
      byStatus: { '200': 1, '400': 1, '404': 2 },
      dropped: 0,
      truncated: 0,
    });
    expect(new Date(stats.startedAt).toISOString()).toBe(stats.startedAt);
    const reset = await m.request('/__mirror/stats/reset', { method: 'POST' });
    expect(reset.json()).toMatchObject({ requests: 0, byStatus: {} });
    expect((await m.request('/__mirror/stats')).json().requests).toBe(0);
    expect((await m.request('/__mirror/nothing')).status).toBe(404);
  });

  it('counts injected failures under their status', async () => {
    const m = await start({ failRate: 0.5, failStatus: 503 }, 11);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await m.request('/api/v1/T1w?max_results=1')).status);
    const stats = (await m.request('/__mirror/stats')).json();
    expect(stats.requests).toBe(20);
    expect(stats.byStatus['503']).toBe(statuses.filter((s) => s === 503).length);
    expect(stats.byStatus['200']).toBe(statuses.filter((s) => s === 200).length);
    expect(stats.byStatus['503']).toBeGreaterThan(0);
  });
});
