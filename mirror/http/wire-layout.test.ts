import { describe, expect, it } from 'vitest';
import { ObjectId } from '../data/object-id.ts';
import { schemaFields, servedFields } from '../data/schema.ts';
import { generateDatabase } from '../data/synthetic/dataset.ts';
import type { StoredResource } from '../data/types.ts';
import { type Projection, toOutputFields } from '../query/projection.ts';
import { buildWireDocument, documentEtag, EPOCH_STRING, toWire, toWireDocument } from './wire.ts';
import { compileWireBuilder } from './wire-layout.ts';

/**
 * The compiled builders of wire-layout.ts are a fast path of wire.ts's general loop: these
 * tests prove both give the same keys, in the same order, serialising to the same bytes.
 */

const links = { self: { title: 'T1w', href: 'T1w/59cfad7f0000000000000001' } };
const wireValue = (v: unknown) => (v !== null && typeof v === 'object' ? toWire(v) : v);

/** Documents with odd keys and values: each is a layout of its own. */
function oddDocuments(): Array<Record<string, unknown>> {
  const id = ObjectId.fromTime(1506782591, 7);
  const when = new Date(Date.UTC(2017, 9, 2, 3, 4, 5));
  const protoKey: Record<string, unknown> = { _id: id, snr: 1 };
  Object.defineProperty(protoKey, '__proto__', { value: { x: 1 }, enumerable: true });
  return [
    // Meta fields missing, null, undefined, or stored in an unusual order.
    { _id: id, snr: 2.5 },
    { _id: id, _created: null, _updated: undefined, _etag: null, snr: -0 },
    { _etag: '', _updated: when, snr: Number.NaN, _id: id, _created: when },
    { _id: id, _created: when, _updated: when, _etag: 'e', _links: { stored: true } },
    // Integer-like keys (enumerated first), quotes, line separators, non-ASCII.
    { 2: 'two', _id: id, 1: 'one', 'a"b': 1, 'line\u2028sep': 2, ünï: 'ç😀', '': 0 },
    // Nested dates and ids, arrays, infinities, big and tiny numbers.
    {
      _id: id,
      bids_meta: { AcquisitionTime: when, Ids: [id, when, [when]], Empty: {} },
      provenance: { settings: null, list: [] },
      snr: Number.POSITIVE_INFINITY,
      size_x: 1e21,
      size_y: 5e-324,
      rating: [1, 'good', null, true],
    },
    protoKey,
  ];
}

function expectSameOutput(fields: Record<string, unknown>, allowed?: ReadonlySet<string>): void {
  const general = buildWireDocument(fields, links, allowed);
  const compiled = compileWireBuilder(Object.keys(fields), allowed);
  if (compiled === null) {
    // Only a `__proto__` key keeps a layout on the general path.
    expect(Object.keys(fields)).toContain('__proto__');
  } else {
    const fast = compiled(fields, links, wireValue, documentEtag, EPOCH_STRING);
    expect(Object.keys(fast)).toEqual(Object.keys(general));
    expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
  }
  // And through the cache, which compiles a layout the second time it is seen.
  for (let i = 0; i < 3; i++) {
    expect(JSON.stringify(toWireDocument(fields, links, allowed))).toBe(JSON.stringify(general));
  }
}

describe('compiled wire builders match the general path', () => {
  const db = generateDatabase({ records: { T1w: 30, T2w: 5, bold: 30 }, seed: 11 });
  const resources: StoredResource[] = ['T1w', 'T2w', 'bold'];

  it('for unprojected generated documents (schema filter)', () => {
    for (const name of resources) {
      for (let i = 0; i < db[name].size; i++) {
        const doc = db[name].docAt(i);
        expectSameOutput(doc, servedFields(name));
        expectSameOutput({ ...doc, not_in_schema: 1 }, servedFields(name));
      }
    }
  });

  it.each<[string, Projection]>([
    ['inclusion', { snr_total: 1, 'bids_meta.Manufacturer': 1 }],
    ['exclusion', { bids_meta: 0, cjv: 0 }],
    ['meta only', { _etag: 1 }],
    ['empty', {}],
  ])('for projected generated documents (%s)', (_, projection) => {
    for (const name of resources) {
      for (let i = 0; i < db[name].size; i++) {
        const fields = toOutputFields(db[name].docAt(i), schemaFields(name), projection);
        expectSameOutput(fields);
      }
    }
  });

  it('for documents with odd keys and values, filtered or not', () => {
    for (const doc of oddDocuments()) {
      expectSameOutput(doc);
      expectSameOutput(doc, new Set(['_id', 'snr', '_etag', '2', 'a"b', '__proto__']));
    }
  });

  it('keeps a stored `_links` in place and an empty `_etag`', () => {
    const doc = oddDocuments()[3]!;
    const served = toWireDocument(doc, links);
    expect(Object.keys(served)).toEqual(['_id', '_created', '_updated', '_etag', '_links']);
    expect(served._links).toBe(links);
    expect(toWireDocument(oddDocuments()[2]!, links)._etag).toBe('');
  });
});
