/**
 * Test support (import only from *.test.ts): an in-memory Eve collection answering PageRequests
 * the way the MRIQC Web API does — `sort=_id`/`-_id`, `max_results` clamped to the page limit,
 * `_meta.total` counted over `where`, `$and`/`$in`/`$gt`/`$lte` filters — with injectable faults
 * in the shapes the real deployment produces.
 */
import { HttpError, InvalidResponseError, NetworkError, TimeoutError } from '../api/errors.ts';
import type { ApiItem, FetchPage, PageRequest, PageResult } from './page-request.ts';

export type Fault =
  | { status: number; retryAfterS?: number; serverMessage?: string }
  | { kind: 'network' | 'truncated' | 'invalid' | 'hang' | 'timeout' };

export interface FakeEve {
  fetchPage: FetchPage;
  /** Every request received, in order (faulted ones included). */
  calls: PageRequest[];
  /** The fault for call number `call` (0-based), if any. */
  faults: (call: number, request: PageRequest) => Fault | undefined;
  /** Adds records (new uploads: their ids sort after all others). */
  insert(items: ApiItem[]): void;
  /** The ids `where` matches, ascending: what a full download must end with. */
  idsMatching(where: Record<string, unknown> | null): string[];
}

function getPath(doc: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc);
}

function matchValue(value: unknown, cond: unknown): boolean {
  if (typeof cond !== 'object' || cond === null || Array.isArray(cond)) return value === cond;
  return Object.entries(cond).every(([op, arg]) => {
    const [v, a] = [value as string | number, arg as string | number];
    if (op === '$in') return (arg as unknown[]).includes(value);
    if (op === '$gt') return v > a;
    if (op === '$gte') return v >= a;
    if (op === '$lt') return v < a;
    if (op === '$lte') return v <= a;
    throw new Error(`fake-eve: unsupported operator ${op}`);
  });
}

function matches(doc: ApiItem, where: Record<string, unknown> | null): boolean {
  if (!where) return true;
  return Object.entries(where).every(([key, cond]) =>
    key === '$and'
      ? (cond as Record<string, unknown>[]).every((part) => matches(doc, part))
      : matchValue(getPath(doc, key), cond),
  );
}

const FAKE_URL = 'fake-eve';

/** Faults as src/api reports them (page-fetcher.ts turns real answers into the same errors). */
function throwFault(fault: Fault, signal: AbortSignal): Promise<never> | undefined {
  if ('status' in fault) {
    throw new HttpError(fault.status, FAKE_URL, fault.serverMessage, fault.retryAfterS);
  }
  if (fault.kind === 'network') throw new NetworkError(FAKE_URL, new TypeError('Failed to fetch'));
  if (fault.kind === 'truncated') {
    throw new InvalidResponseError('the body is not valid JSON (cut short or not JSON)', FAKE_URL);
  }
  if (fault.kind === 'timeout') throw new TimeoutError(FAKE_URL, 20_000, 'inactivity');
  if (fault.kind === 'hang') {
    return new Promise((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
  return undefined; // 'invalid': answered below with a page that fails validation
}

export function createFakeEve(initial: ApiItem[], options: { pageLimit?: number } = {}): FakeEve {
  const pageLimit = options.pageLimit ?? 50;
  const records = [...initial].sort((a, b) => (a._id < b._id ? -1 : 1));
  const server: FakeEve = {
    calls: [],
    faults: () => undefined,
    insert(items) {
      records.push(...items);
      records.sort((a, b) => (a._id < b._id ? -1 : 1));
    },
    idsMatching: (where) => records.filter((r) => matches(r, where)).map((r) => r._id),
    async fetchPage(request, signal) {
      const call = server.calls.push(request) - 1;
      await Promise.resolve(); // answer asynchronously, as fetch does
      signal.throwIfAborted();
      const fault = server.faults(call, request);
      if (fault) {
        const hang = throwFault(fault, signal);
        if (hang) return hang;
      }
      const page = answer(records, request, pageLimit);
      if (fault) page.items = [{ broken: true } as unknown as ApiItem];
      return page;
    },
  };
  return server;
}

/** Eve's paging: max_results ≤ 0 means 25, clamp to the limit; skip (page-1)·M. */
function answer(records: ApiItem[], request: PageRequest, pageLimit: number): PageResult {
  const matching = records.filter((r) => matches(r, request.where));
  if (request.sort === '-_id') matching.reverse();
  const asked = Math.trunc(request.maxResults);
  const maxResults = Math.min(asked > 0 ? asked : 25, pageLimit);
  const from = (request.page - 1) * maxResults;
  const items = matching.slice(from, from + maxResults).map((r) => structuredClone(r));
  return { items, meta: { page: request.page, maxResults, total: matching.length } };
}

/** Deterministic records shaped like the API's, with ids rising in bursts like real uploads. */
export function makeRecords(count: number, options: { seed?: number; fromSeconds?: number } = {}) {
  let s = (options.seed ?? 1) >>> 0;
  const random = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  let seconds = options.fromSeconds ?? 1_500_000_000;
  return Array.from({ length: count }, (_, i): ApiItem => {
    seconds += random() < 0.05 ? Math.floor(random() * 86_400 * 30) : Math.floor(random() * 3);
    const _id =
      seconds.toString(16).padStart(8, '0') +
      (s % 2 ** 24).toString(16).padStart(6, '0') +
      i.toString(16).padStart(10, '0');
    const version = ['22.0.6', '23.1.0', '24.0.2'][i % 3] as string;
    return {
      _id,
      snr: Math.round(random() * 1000) / 100,
      bids_meta: { Manufacturer: random() < 0.6 ? 'Siemens' : 'GE', modality: 'T1w' },
      provenance: { md5sum: `md5-${Math.floor(random() * count)}`, version, software: 'mriqc' },
      _links: { self: { title: 'T1w', href: `T1w/${_id}` } },
    };
  });
}

/**
 * `fetch` over a FakeEve: the URL's `where`, `sort`, `max_results` and `page` become the
 * PageRequest, the page goes back as Eve's JSON envelope, so the real API client
 * (page-fetcher.ts → src/api) runs on top. A fault the server throws rejects the fetch as is.
 */
export function fakeEveFetch(
  server: FakeEve,
): (url: string, init: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const params = new URL(url).searchParams;
    const where = params.get('where');
    const request: PageRequest = {
      where: where ? (JSON.parse(where) as Record<string, unknown>) : null,
      sort: params.get('sort') === '-_id' ? '-_id' : '_id',
      maxResults: Number(params.get('max_results') ?? 25),
      page: Number(params.get('page') ?? 1),
    };
    const signal = init.signal ?? new AbortController().signal;
    const page = await server.fetchPage(request, signal);
    const body = {
      _items: page.items,
      _meta: { page: page.meta.page, max_results: page.meta.maxResults, total: page.meta.total },
      _links: {},
    };
    return new Response(new TextEncoder().encode(JSON.stringify(body)), {
      headers: { 'Content-Type': 'application/json' },
    });
  };
}
