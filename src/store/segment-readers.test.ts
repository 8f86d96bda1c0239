import { describe, expect, it } from 'vitest';
import { SegmentMissingError } from './segment-files.ts';
import {
  createReaderPool,
  type ReaderClient,
  ReaderUnavailableError,
  readerOf,
} from './segment-readers.ts';

/** A reader whose calls wait until answered, as a worker's do. */
function fakeReader() {
  const calls: Array<{
    method: string;
    input: Record<string, unknown>;
    resolve(b: unknown): void;
    reject(e: Error): void;
  }> = [];
  const client: ReaderClient = {
    call: (method, input) =>
      new Promise<never>((resolve, reject) =>
        calls.push({ method, input, resolve: resolve as (b: unknown) => void, reject }),
      ),
  };
  const reads = () => calls.filter((c) => c.method === 'read');
  return { client, calls, reads, names: () => reads().map((c) => c.input.name) };
}

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

/** File names that readerOf sends to reader 0 and to reader 1 of two. */
const names = Array.from({ length: 40 }, (_, i) => `f${i}`);
const [at0, at1] = [0, 1].map((r) => names.filter((n) => readerOf(n, 2) === r)) as [
  string[],
  string[],
];

describe('segment reader pool', () => {
  it('each file always goes to the same reader (the one that read it ahead), and its bytes come back', async () => {
    expect(at0.length).toBeGreaterThan(10);
    expect(at1.length).toBeGreaterThan(10);
    const [r0, r1] = [fakeReader(), fakeReader()];
    const pool = createReaderPool([r0.client, r1.client]);
    const a = pool.read('d', at0[0]!);
    const b = pool.read('d', at1[0]!);
    const again = pool.read('d', at0[0]!);
    expect([r0.names(), r1.names()]).toEqual([[at0[0], at0[0]], [at1[0]]]);
    r0.reads()[0]!.resolve(Uint8Array.of(1));
    r1.reads()[0]!.resolve(Uint8Array.of(2));
    r0.reads()[1]!.resolve(Uint8Array.of(1));
    expect([...(await a), ...(await b), ...(await again)]).toEqual([1, 2, 1]);
  });

  it('asks every reader to read ahead, telling each which it is', () => {
    const [r0, r1] = [fakeReader(), fakeReader()];
    createReaderPool([r0.client, r1.client]).readAhead('d1');
    expect(r0.calls.map((c) => [c.method, c.input])).toEqual([
      ['readAhead', { dir: 'd1', reader: 0 }],
    ]);
    expect(r1.calls.map((c) => [c.method, c.input])).toEqual([
      ['readAhead', { dir: 'd1', reader: 1 }],
    ]);
  });

  it('a file gone is SegmentMissingError (the index is read again); another failure lets the page read it', async () => {
    const r = fakeReader();
    const pool = createReaderPool([r.client]);
    const gone = pool.read('d', 'gone');
    const odd = pool.read('d', 'odd');
    r.reads()[0]!.reject(named('NotFoundError'));
    r.reads()[1]!.reject(named('NotReadableError'));
    await expect(gone).rejects.toBeInstanceOf(SegmentMissingError);
    await expect(odd).rejects.toBeInstanceOf(ReaderUnavailableError);
    // The reader still works: only a failed worker is given up.
    const next = pool.read('d', 'next');
    r.reads()[2]!.resolve(Uint8Array.of(7));
    expect([...(await next)]).toEqual([7]);
  });

  it('a reader whose worker failed gets no more reads; with none left every read says so', async () => {
    const [r0, r1] = [fakeReader(), fakeReader()];
    const pool = createReaderPool([r0.client, r1.client]);
    const lost = pool.read('d', at0[0]!);
    r0.reads()[0]!.reject(named('WorkerError', 'The segment reader worker failed to start.'));
    await expect(lost).rejects.toBeInstanceOf(ReaderUnavailableError);
    // Its files go to the reader left.
    const next = pool.read('d', at0[1]!);
    expect(r0.names()).toEqual([at0[0]]);
    expect(r1.names()).toEqual([at0[1]]);
    r1.reads()[0]!.reject(named('WorkerError'));
    await expect(next).rejects.toBeInstanceOf(ReaderUnavailableError);
    await expect(pool.read('d', 'x')).rejects.toBeInstanceOf(ReaderUnavailableError);
    expect(r0.reads()).toHaveLength(1);
  });
});
