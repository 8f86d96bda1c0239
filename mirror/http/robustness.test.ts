import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../cli-options.ts';
import { generateDatabase } from '../data/synthetic/dataset.ts';
import type { Database } from '../data/types.ts';
import {
  rawExchange,
  startTestMirror,
  TEST_TOKEN,
  type TestMirror,
} from '../testing/http-test-client.ts';

/**
 * Bad input never takes the mirror down: after each hostile request a normal GET still works.
 * Each case expects the status Eve would give, or, where the request never reaches Eve
 * (oversize request line or headers, huge bodies, slow clients), the HTTP layer's answer.
 */

const GENERIC_400 = 'The browser (or proxy) sent a request that this server could not understand.';

let db: Database;
let mirror: TestMirror;

beforeAll(async () => {
  db = generateDatabase({ records: { T1w: 30, T2w: 0, bold: 0 }, seed: 5 });
  mirror = await startTestMirror(db, {}, { headersTimeoutMs: 400, requestTimeoutMs: 800 });
});

afterAll(() => mirror.close());

afterEach(async () => {
  const res = await mirror.request('/api/v1/T1w?max_results=2');
  expect(res.status).toBe(200);
  expect(res.json()._meta.total).toBe(db.T1w.size);
});

const enc = encodeURIComponent;

describe('robustness', () => {
  it('random bytes on a raw socket get 400 Bad Request and a closed connection', async () => {
    for (let i = 0; i < 5; i++) {
      const { response, closed } = await rawExchange(mirror.port, randomBytes(2048));
      expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(closed).toBe(true);
    }
  });

  it('a 100 kB query string is refused by the HTTP layer with 431', async () => {
    const res = await rawExchange(
      mirror.port,
      `GET /api/v1/T1w?foo=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(res.response).toMatch(/^HTTP\/1\.1 431 /);
  });

  it("a request line over gunicorn's 4094 bytes gets gunicorn's HTML 400 without CORS", async () => {
    const res = await mirror.request(`/api/v1/T1w?foo=${'a'.repeat(5000)}`, {
      headers: { Origin: 'http://x' },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('text/html');
    expect(res.body).toContain('Request Line is too large (');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a where nested 1,000 deep is a 400, from gunicorn or from Eve', async () => {
    // As JSON it cannot fit in gunicorn's 4094-byte request line: its HTML 400.
    const json = `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`;
    const tooLong = await mirror.request(`/api/v1/T1w?where=${enc(json)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toContain('Request Line is too large');
    // Unencoded parentheses fit: Python's parser refuses 200+ nested brackets, Eve's generic 400.
    const parens = `${'('.repeat(1000)}size_x==1${')'.repeat(1000)}`;
    const res = await mirror.request(`/api/v1/T1w?where=${parens}`);
    expect(res.status).toBe(400);
    expect(res.json()._error.message).toBe(GENERIC_400);
  });

  it('bad %-escapes and invalid UTF-8 in the query decode like Werkzeug and fail as a where', async () => {
    for (const where of ['%ZZ', '%C3%28', '%FF%FE', '%']) {
      const res = await mirror.request(`/api/v1/T1w?where=${where}`);
      expect(res.status, where).toBe(400);
    }
    const unknownParam = await mirror.request('/api/v1/T1w?x=%FF%ZZ');
    expect(unknownParam.status).toBe(200);
    expect(unknownParam.json()._links.self.href).toBe('T1w?x=\uFFFD%ZZ');
  });

  it('bad escapes and raw non-ASCII bytes in the path are 404s', async () => {
    for (const path of ['/api/v1/T1%ZZw', '/api/v1/%C3%28', '/api/v1/T1w/%FF']) {
      expect((await mirror.request(path)).status, path).toBe(404);
    }
    const raw = await rawExchange(
      mirror.port,
      Buffer.concat([Buffer.from('GET /api/v1/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')]),
      1000,
    );
    expect(raw.response).toMatch(/^HTTP\/1\.1 (404|400) /);
  });

  it('a 10 MB POST is read and validated (422 for its unknown field), storing nothing', async () => {
    const before = db.T1w.size;
    const body = JSON.stringify({ junk: 'x'.repeat(10 * 1024 * 1024) });
    // The shared mirror cuts requests at 800 ms (for the slow-client cases): on a loaded machine
    // sending 10 MB can take longer, which would test the timeout instead of the body.
    const patient = await startTestMirror(db, {});
    try {
      const res = await patient.request('/api/v1/T1w', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: TEST_TOKEN },
        body,
      });
      expect(res.status).toBe(422);
      expect(res.json()._issues.junk).toBe('unknown field');
      expect(db.T1w.size).toBe(before);
    } finally {
      await patient.close();
    }
  });

  it("a POST over 16 MB gets nginx's 413, whether declared or streamed", async () => {
    const big = Buffer.alloc(17 * 1024 * 1024, 0x20);
    const res = await mirror
      .request('/api/v1/T1w', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: TEST_TOKEN },
        body: big,
      })
      .catch((error: Error) => error);
    // Node may reset the socket while the client is still writing; either way no crash.
    if (!(res instanceof Error)) {
      expect(res.status).toBe(413);
      expect(res.body).toContain('413 Request Entity Too Large');
    }
    const declared = await rawExchange(
      mirror.port,
      `POST /api/v1/T1w HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${20 * 1024 * 1024}\r\n\r\n{`,
    );
    expect(declared.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(declared.closed).toBe(true);
  });

  it('a header flood beyond 16 kB gets 431; many small headers are fine', async () => {
    const flood = Array.from(
      { length: 1500 },
      (_, i) => `X-Flood-${i}: ${'v'.repeat(20)}\r\n`,
    ).join('');
    const res = await rawExchange(
      mirror.port,
      `GET /api/v1/T1w HTTP/1.1\r\nHost: x\r\n${flood}\r\n`,
    );
    expect(res.response).toMatch(/^HTTP\/1\.1 431 /);
    const headers = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`X-Small-${i}`, 'v']),
    );
    expect((await mirror.request('/api/v1/T1w', { headers })).status).toBe(200);
  });

  it('a client that never finishes its headers is timed out with 408', async () => {
    const res = await rawExchange(mirror.port, 'GET /api/v1/T1w HTTP/1.1\r\nHost: x\r\n', 5000);
    expect(res.closed).toBe(true);
    expect(res.response).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a client that never finishes its body is cut off', async () => {
    const res = await rawExchange(
      mirror.port,
      `POST /api/v1/T1w HTTP/1.1\r\nHost: x\r\nAuthorization: ${TEST_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`,
      5000,
    );
    expect(res.closed).toBe(true);
  });

  it('"Authorization: Bearer" with no token crashes Eve\'s TokenAuth: an HTML 500', async () => {
    const res = await mirror.request('/api/v1/T1w', {
      method: 'HEAD',
      headers: { Authorization: 'Bearer' },
    });
    expect(res.status).toBe(500);
  });

  it("odd POST payloads get Eve's answers: 500 for a number, 422 for strings and non-objects", async () => {
    const post = (body: string) =>
      mirror.request('/api/v1/rating', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: TEST_TOKEN },
        body,
      });
    expect((await post('5')).status).toBe(500);
    expect((await post('null')).status).toBe(400);
    expect((await post('"ab"')).status).toBe(422);
    const list = await post('[1, {"rating": "good", "md5sum": "x"}]');
    expect(list.status).toBe(422);
    expect(list.json()._items[0]._issues).toEqual({
      'validator exception': "'1' is not a document, must be a dict",
    });
    expect((await post('\xff')).status).toBe(400);
  });

  it('method override and unusual methods are answered, never crash', async () => {
    for (const method of ['PROPFIND', 'TRACE', 'PURGE']) {
      const res = await mirror.request('/api/v1/T1w', { method });
      expect(res.status, method).toBe(405);
    }
    // Node's parser only knows the registered methods; others get its 400 (nginx would pass
    // them on and Flask answer 405).
    const brew = await rawExchange(mirror.port, 'BREW /api/v1/T1w HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(brew.response).toMatch(/^HTTP\/1\.1 400 /);
    const override = await mirror.request('/api/v1/T1w', {
      headers: { 'X-HTTP-Method-Override': 'delete' },
    });
    expect(override.status).toBe(405);
  });
});

describe('robustness under injected latency', () => {
  it('a client that hangs up while its response is delayed does not hurt the server', async () => {
    const slow = await startTestMirror(db, {
      faults: { ...NO_FAULTS, latencyMs: 300 },
    });
    try {
      const gone = await rawExchange(slow.port, 'GET /api/v1/T1w HTTP/1.1\r\nHost: x\r\n\r\n', 50);
      expect(gone.response).toBe('');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await slow.request('/api/v1/T1w?max_results=1')).status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});
