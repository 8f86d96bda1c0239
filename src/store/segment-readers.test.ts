import { describe, expect, it } from 'vitest';
import { SegmentMissingError } from './segment-files.ts';
import { createReaderPool, type ReaderClient, ReaderUnavailableError } from './segment-readers.ts';

/** A reader whose calls wait until answered, as a worker's do. */
function fakeReader() {
  const calls: Array<{
    name: string;
    method: string;
    range?: [number, number];
    resolve(b: Uint8Array): void;
    reject(e: Error): void;
  }> = [];
  const client: ReaderClient = {
    call: (method: string, input: { name: string; start?: number; end?: number }) =>
      new Promise((resolve, reject) =>
        calls.push({
          name: input.name,
          method,
          ...(input.start === undefined ? {} : { range: [input.start, input.end!] }),
          resolve,
          reject,
        }),
      ),
  };
  return { client, calls, names: () => calls.map((c) => c.name) };
}

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('segment reader pool', () => {
  it('sends each read to the reader with the fewest in flight and hands back its bytes', async () => {
    const [r0, r1] = [fakeReader(), fakeReader()];
    const pool = createReaderPool([r0.client, r1.client]);
    const a = pool.read('d', 'a');
    const b = pool.read('d', 'b');
    expect([r0.names(), r1.names()]).toEqual([['a'], ['b']]);
    r1.calls[0]!.resolve(Uint8Array.of(2));
    expect([...(await b)]).toEqual([2]);
    // r1 is free again, r0 still reads `a`.
    const c = pool.read('d', 'c');
    expect(r1.names()).toEqual(['b', 'c']);
    r0.calls[0]!.resolve(Uint8Array.of(1));
    r1.calls[1]!.resolve(Uint8Array.of(3));
    expect([...(await a)]).toEqual([1]);
    expect([...(await c)]).toEqual([3]);
  });

  it('reads a byte range with the range method, counted in flight like a whole read', async () => {
    const [r0, r1] = [fakeReader(), fakeReader()];
    const pool = createReaderPool([r0.client, r1.client]);
    const whole = pool.read('d', 'a');
    const part = pool.readRange('d', 'b', 16, 48);
    expect(r0.calls.map((c) => [c.method, c.name])).toEqual([['read', 'a']]);
    expect(r1.calls.map((c) => [c.method, c.name, c.range])).toEqual([
      ['readRange', 'b', [16, 48]],
    ]);
    r1.calls[0]!.resolve(Uint8Array.of(5, 6));
    expect([...(await part)]).toEqual([5, 6]);
    r0.calls[0]!.resolve(Uint8Array.of(1));
    await whole;
  });

  it('a file gone is SegmentMissingError (the index is read again); another failure lets the page read it', async () => {
    const r = fakeReader();
    const pool = createReaderPool([r.client]);
    const gone = pool.read('d', 'gone');
    const odd = pool.read('d', 'odd');
    r.calls[0]!.reject(named('NotFoundError'));
    r.calls[1]!.reject(named('NotReadableError'));
    await expect(gone).rejects.toBeInstanceOf(SegmentMissingError);
    await expect(odd).rejects.toBeInstanceOf(ReaderUnavailableError);
    // The reader still works: only a failed worker is given up.
    const next = pool.read('d', 'next');
    r.calls[2]!.resolve(Uint8Array.of(7));
    expect([...(await next)]).toEqual([7]);
  });

  it('a reader whose worker failed gets no more reads; with none left every read says so', async () => {
    const [r0, r1] = [fakeReader(), fakeReader()];
    const pool = createReaderPool([r0.client, r1.client]);
    const lost = pool.read('d', 'a');
    r0.calls[0]!.reject(named('WorkerError', 'The segment reader worker failed to start.'));
    await expect(lost).rejects.toBeInstanceOf(ReaderUnavailableError);
    const next = pool.read('d', 'b');
    const after = pool.read('d', 'c');
    expect([r0.names(), r1.names()]).toEqual([['a'], ['b', 'c']]);
    r1.calls[0]!.reject(named('WorkerError'));
    r1.calls[1]!.reject(named('WorkerError'));
    await expect(next).rejects.toBeInstanceOf(ReaderUnavailableError);
    await expect(after).rejects.toBeInstanceOf(ReaderUnavailableError);
    await expect(pool.read('d', 'd')).rejects.toBeInstanceOf(ReaderUnavailableError);
    expect(r0.calls).toHaveLength(1);
  });
});
