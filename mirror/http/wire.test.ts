import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMirrorOptions } from '../cli-options.ts';
import { Double } from '../data/double.ts';
import { readJson } from '../data/json-reader.ts';
import type { Database } from '../data/types.ts';
import { startTestMirror, TEST_TOKEN, type TestMirror } from '../testing/http-test-client.ts';
import { loadDatabase } from './server.ts';
import { jsonBytes, toWire } from './wire.ts';

/**
 * Numbers on the wire keep their type: a double the API stores is written as Python writes
 * it (`100.0`), which is what makes pandas read the column as float64, not int64.
 */

const PAGE = new URL('../fixtures/bold-page-50.json', import.meta.url).pathname;

/** A JSON text with every number replaced by its literal text, so 100.0 ≠ 100. */
function numberTexts(text: string): unknown {
  return readJson(text, { maxDepth: 50, number: (literal) => ({ numberText: literal }) });
}

function itemsById(text: string): Map<string, Record<string, unknown>> {
  const page = numberTexts(text) as { _items: Array<Record<string, unknown>> };
  return new Map(page._items.map((item) => [item._id as string, item]));
}

/** The body's text, as a client decodes it. */
function jsonText(body: unknown, pretty = false): string {
  return jsonBytes(body, pretty).toString('utf8');
}

describe('jsonBytes', () => {
  it.each<[number, string]>([
    [100, '100.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [-3, '-3.0'],
    [1e16, '1e+16'],
    [1.5e17, '1.5e+17'],
    [1e22, '1e+22'],
  ])('writes the whole-number double %d as Python does: %s', (value, text) => {
    expect(jsonText(toWire({ a: new Double(value) }))).toBe(`{"a":${text}}`);
  });

  it('leaves ints, fractions and strings as they are, nested too', () => {
    const body = { a: 100, b: 0.5, c: '100.0', d: [new Double(2), { e: new Double(3) }] };
    expect(jsonText(toWire(body))).toBe('{"a":100,"b":0.5,"c":"100.0","d":[2.0,{"e":3.0}]}');
  });

  it('never mistakes a stored string for a double, even one starting with NUL', () => {
    const body = { a: '\u0000float-0000000000000000:1.0', b: 'x' };
    expect(JSON.parse(jsonText(toWire(body)))).toEqual(body);
  });

  it('keeps every character of the text around many doubles, multi-byte ones too', () => {
    const body = Array.from({ length: 300 }, (_, i) => ({
      site: `Zürich 東京 ${'😀'.repeat(i % 3)}`,
      size_t: new Double(i),
      snr: i + 0.25,
      note: i % 2 ? '"quoted"' : '',
    }));
    const expected = `[${body
      .map(
        (r, i) =>
          `{"site":${JSON.stringify(r.site)},"size_t":${i}.0,"snr":${r.snr},"note":${JSON.stringify(r.note)}}`,
      )
      .join(',')}]`;
    expect(jsonText(toWire(body))).toBe(expected);
  });

  it('keeps the floats when indented', () => {
    expect(jsonText(toWire({ a: new Double(2) }), true)).toBe('{\n    "a": 2.0\n}');
  });
});

describe('a real page through --data and back', () => {
  let db: Database;
  let mirror: TestMirror;
  const real = readFileSync(PAGE, 'utf8');

  beforeAll(async () => {
    db = loadDatabase({ ...defaultMirrorOptions({}), dataFile: PAGE });
    mirror = await startTestMirror(db);
  });

  afterAll(() => mirror.close());

  it('serves every item with the same numbers, written the same way (100.0 and 3 alike)', async () => {
    const res = await mirror.request('/api/v1/bold?max_results=50');
    expect(res.status).toBe(200);
    const served = itemsById(res.body);
    const expected = itemsById(real);
    expect(served.size).toBe(50);
    for (const [id, item] of expected) expect(served.get(id)).toEqual(item);
    // The page's own forms, for the record: floats written whole, and ints.
    expect(res.body).toContain('"size_x":100.0');
    expect(res.body).toContain('"MagneticFieldStrength":3,');
    expect(res.body).toContain('"dummy_trs":0,');
  });

  it('keeps them with ?pretty, for one item and through a projection', async () => {
    const id = [...itemsById(real).keys()][0] as string;
    const item = await mirror.request(`/api/v1/bold/${id}?pretty`);
    expect(item.body).toContain('"size_x": 100.0');
    const projected = await mirror.request(
      `/api/v1/bold?projection=${encodeURIComponent('{"bids_meta.RepetitionTime":1}')}`,
    );
    expect(projected.body).toContain('"RepetitionTime":2.0');
  });

  it('stores a POSTed 120.0 as a double and serves it back as 120.0', async () => {
    const payload = readFileSync(
      new URL('../fixtures/payloads/bold/sub-ds205s03_task-view_run-01_bold.json', import.meta.url),
      'utf8',
    ).replace(/"size_t": \d+/, '"size_t": 120.0');
    const post = await mirror.request('/api/v1/bold', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: TEST_TOKEN },
      body: payload,
    });
    expect(post.status).toBe(201);
    const res = await mirror.request(`/api/v1/bold/${post.json()._id}`);
    expect(res.body).toContain('"size_t":120.0');
    expect(res.body).toContain('"MagneticFieldStrength":3.0');
  });

  it('refuses 256.0 in an integer field, as Cerberus does (T1w size_x), and takes 3 in a float one', async () => {
    const payload = JSON.parse(
      readFileSync(new URL('../fixtures/payloads/t1w/sub-50137_T1w.json', import.meta.url), 'utf8'),
    );
    const post = (body: string) =>
      mirror.request('/api/v1/T1w', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: TEST_TOKEN },
        body,
      });
    const asFloat = JSON.stringify(payload).replace(/"size_x":(\d+)/, '"size_x":$1.0');
    const refused = await post(asFloat);
    expect(refused.status).toBe(422);
    expect(refused.json()._issues).toEqual({ size_x: 'must be of integer type' });
    const intInFloatField = { ...payload, spacing_x: 1 };
    expect((await post(JSON.stringify(intInFloatField))).status).toBe(201);
  });
});
