import { describe, expect, it } from 'vitest';
import { SegmentMissingError } from './segment-files.ts';
import type { FromReader, ToReader } from './segment-reader-protocol.ts';
import { createReaderPool, ReaderUnavailableError, type WorkerLike } from './segment-readers.ts';

/** A worker that keeps what it is sent and answers when told. */
function fakeWorker() {
  const sent: ToReader[] = [];
  const worker: WorkerLike & { sent: ToReader[]; answer(m: FromReader): void; fail(): void } = {
    sent,
    onmessage: null,
    onerror: null,
    postMessage: (m) => sent.push(m),
    terminate() {},
    answer(m) {
      worker.onmessage?.({ data: m } as MessageEvent<FromReader>);
    },
    fail() {
      worker.onerror?.(new Event('error'));
    },
  };
  return worker;
}

function pool() {
  const workers: ReturnType<typeof fakeWorker>[] = [];
  const readers = createReaderPool(() => {
    const w = fakeWorker();
    workers.push(w);
    return w;
  }, 2);
  return { readers, workers };
}

describe('segment reader pool', () => {
  it('sends each read to the worker with the fewest in flight and hands back its bytes', async () => {
    const { readers, workers } = pool();
    const [w0, w1] = workers as [ReturnType<typeof fakeWorker>, ReturnType<typeof fakeWorker>];
    const a = readers.read('d', 'a');
    const b = readers.read('d', 'b');
    expect(w0.sent.map((m) => m.name)).toEqual(['a']);
    expect(w1.sent.map((m) => m.name)).toEqual(['b']);
    w1.answer({ id: w1.sent[0]!.id, bytes: Uint8Array.of(2) });
    expect([...(await b)]).toEqual([2]);
    // w1 is free again, w0 still reads `a`.
    const c = readers.read('d', 'c');
    expect(w1.sent.map((m) => m.name)).toEqual(['b', 'c']);
    w0.answer({ id: w0.sent[0]!.id, bytes: Uint8Array.of(1) });
    w1.answer({ id: w1.sent[1]!.id, bytes: Uint8Array.of(3) });
    expect([...(await a)]).toEqual([1]);
    expect([...(await c)]).toEqual([3]);
  });

  it('a file gone is SegmentMissingError (the index is read again); another failure lets the page read it', async () => {
    const { readers, workers } = pool();
    const gone = readers.read('d', 'gone');
    const odd = readers.read('d', 'odd');
    workers[0]!.answer({
      id: workers[0]!.sent[0]!.id,
      error: { name: 'NotFoundError', message: 'x' },
    });
    workers[1]!.answer({
      id: workers[1]!.sent[0]!.id,
      error: { name: 'NotReadableError', message: 'y' },
    });
    await expect(gone).rejects.toBeInstanceOf(SegmentMissingError);
    await expect(odd).rejects.toBeInstanceOf(ReaderUnavailableError);
  });

  it('a worker that fails gives up its reads and gets no more; with none left every read says so', async () => {
    const { readers, workers } = pool();
    const [w0, w1] = workers as [ReturnType<typeof fakeWorker>, ReturnType<typeof fakeWorker>];
    const lost = readers.read('d', 'a');
    w0.fail();
    await expect(lost).rejects.toBeInstanceOf(ReaderUnavailableError);
    const next = readers.read('d', 'b');
    const after = readers.read('d', 'c');
    expect(w0.sent.map((m) => m.name)).toEqual(['a']);
    expect(w1.sent.map((m) => m.name)).toEqual(['b', 'c']);
    w1.fail();
    await expect(next).rejects.toBeInstanceOf(ReaderUnavailableError);
    await expect(after).rejects.toBeInstanceOf(ReaderUnavailableError);
    await expect(readers.read('d', 'd')).rejects.toBeInstanceOf(ReaderUnavailableError);
  });
});
