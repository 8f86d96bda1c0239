import {
  type Endpoint,
  fromSerializedError,
  isPortReply,
  type PortReply,
  type PortRequest,
  type WorkerApi,
} from './port-messages.ts';
import { ProgressThrottle } from './progress-throttle.ts';

/** A Worker, as far as its client needs one (a MessagePort stands in for it in tests). */
export interface WorkerEndpoint extends Endpoint {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate?(): void;
}

export interface CallOptions<Progress, Event> {
  /** Aborting it cancels the call: the promise rejects at once with the signal's reason. */
  signal?: AbortSignal;
  /** Buffers moved to the worker rather than copied (the caller can't use them afterwards). */
  transfer?: Transferable[];
  /** The latest progress, at most once every `progressEveryMs` (see ProgressThrottle). */
  onProgress?: (progress: Progress) => void;
  progressEveryMs?: number;
  /**
   * Each event, in order, one at a time: the next waits for the promise this returns, and the
   * worker learns (an ack) when it is handled. Throwing fails the call with that error.
   */
  onEvent?: (event: Event) => void | Promise<void>;
}

export interface WorkerClient<A extends WorkerApi> {
  call<K extends keyof A & string>(
    method: K,
    input: A[K]['input'],
    options?: CallOptions<A[K]['progress'], A[K]['event']>,
  ): Promise<A[K]['output']>;
  /** Stops the worker; calls still running reject. */
  terminate(): void;
}

interface Pending {
  onMessage(message: PortReply): void;
  fail(error: unknown): void;
}

/**
 * The page's side of a worker port: `call` posts a request and returns its result, with the
 * worker's errors rethrown under their own names, progress throttled, events handled in order,
 * and cancelling by AbortSignal. The worker is created on the first call; `name` is how
 * messages about the worker itself call it ("The export worker failed to start.").
 *
 * @example
 * const client = createWorkerClient<ExportApi>('export', () =>
 *   new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' }));
 * await client.call('export', request, { signal, onEvent: writeChunk, onProgress: show });
 */
export function createWorkerClient<A extends WorkerApi>(
  name: string,
  spawn: () => WorkerEndpoint,
): WorkerClient<A> {
  let worker: WorkerEndpoint | null = null;
  let nextId = 1;
  const calls = new Map<number, Pending>();
  const failAll = (error: Error) => {
    for (const call of [...calls.values()]) call.fail(error);
  };
  const post = (message: PortRequest, transfer: Transferable[] = []) =>
    worker?.postMessage(message, { transfer });
  const start = (): WorkerEndpoint => {
    if (worker) return worker;
    const created = spawn();
    worker = created;
    created.addEventListener('message', ({ data }) => {
      if (isPortReply(data)) calls.get(data.id)?.onMessage(data);
    });
    created.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      // A worker that failed (to load, or outside any call) is dropped: the next call starts
      // a new one rather than waiting on this one forever.
      if (worker === created) {
        created.terminate?.();
        worker = null;
      }
      const error = new Error(event.message || `The ${name} worker failed to start.`);
      failAll(Object.assign(error, { name: 'WorkerError' }));
    });
    return created;
  };

  return {
    call(method, input, options = {}) {
      const { signal, onProgress, onEvent } = options;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const throttle = onProgress
          ? new ProgressThrottle(onProgress, options.progressEveryMs ?? 0)
          : null;
        // Events, progress and the end are taken in arrival order: progress counts only
        // once the events before it are handled (an export's rows once they are written).
        let chain = Promise.resolve();
        let settled = false;
        const finish = (error: unknown, output?: unknown) => {
          if (settled) return;
          settled = true;
          calls.delete(id);
          signal?.removeEventListener('abort', onAbort);
          if (error === undefined) resolve(output);
          else {
            throttle?.cancel();
            reject(error);
          }
        };
        const onAbort = () => {
          post({ port: 'cancel', id });
          finish(signal?.reason ?? new DOMException('Cancelled', 'AbortError'));
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort);
        calls.set(id, {
          fail: (error) => finish(error),
          onMessage(message) {
            switch (message.port) {
              case 'event':
                chain = chain.then(async () => {
                  if (settled) return;
                  try {
                    await onEvent?.(message.event as never);
                  } catch (error) {
                    post({ port: 'cancel', id });
                    finish(error);
                    return;
                  }
                  post({ port: 'ack', id, seq: message.seq });
                });
                break;
              case 'progress':
                chain = chain.then(() => {
                  if (!settled) throttle?.push(message.progress as never);
                });
                break;
              case 'done':
                chain = chain
                  .then(() => throttle?.settle())
                  .then(() => finish(undefined, message.output));
                break;
              case 'error':
                finish(fromSerializedError(message.error));
                break;
            }
          },
        });
        start();
        post({ port: 'call', id, method, input }, options.transfer);
      });
    },
    terminate() {
      worker?.terminate?.();
      worker = null;
      failAll(Object.assign(new Error(`The ${name} worker was stopped.`), { name: 'WorkerError' }));
    },
  };
}
