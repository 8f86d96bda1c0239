import {
  type Endpoint,
  isPortRequest,
  type PortReply,
  type SerializedError,
  toSerializedError,
  type WorkerApi,
} from './port-messages.ts';

/** What a method's handler gets besides its input. */
export interface CallContext<Progress, Event> {
  /** Aborted when the page cancels the call; the handler should stop soon after. */
  readonly signal: AbortSignal;
  /** Reports progress; the page shows only the latest, throttled. Cheap: post freely. */
  progress(progress: Progress): void;
  /**
   * Sends an event (delivered in order, every one). Resolves once the page has handled it, or
   * at once when the call is cancelled (never rejects: check `signal` after awaiting).
   */
  emit(event: Event, transfer?: Transferable[]): Promise<void>;
  /** Buffers to move, not copy, with the result. */
  transferResult(transfer: Transferable[]): void;
}

export type Handlers<A extends WorkerApi> = {
  [K in keyof A]: (
    input: A[K]['input'],
    call: CallContext<A[K]['progress'], A[K]['event']>,
  ) => Promise<A[K]['output']> | A[K]['output'];
};

export interface ServeOptions {
  /**
   * How this worker's errors cross: by default `toSerializedError` (name, message, the error's
   * own plain fields). A worker whose errors have a domain form of their own passes it (the
   * download worker: src/api's `serializeError`, the form a stored job keeps its error in).
   */
  serializeError?: (error: unknown) => { name: string; message: string };
}

interface Running {
  controller: AbortController;
  acks: Map<number, () => void>;
}

/**
 * The worker's side of a port: runs each call's handler, posts its progress, events, result,
 * or its error as `{name, message}`, and aborts its signal when the page cancels it. After a
 * cancel nothing more is posted for the call. Anything thrown becomes the call's error, so a
 * worker file is its handlers and one `serveWorker(self, handlers)`.
 *
 * @example
 * serveWorker<Api>(self, { sum: async ({ values }, call) => { call.progress({ done: 1 }); return 3; } });
 */
export function serveWorker<A extends WorkerApi>(
  scope: Endpoint,
  handlers: Handlers<A>,
  { serializeError = toSerializedError }: ServeOptions = {},
): void {
  const running = new Map<number, Running>();
  const post = (message: PortReply, transfer: Transferable[] = []) =>
    scope.postMessage(message, { transfer });

  const run = async (id: number, method: string, input: unknown) => {
    const controller = new AbortController();
    const call: Running = { controller, acks: new Map() };
    running.set(id, call);
    const live = () => running.get(id) === call && !controller.signal.aborted;
    let seq = 0;
    let transferResult: Transferable[] = [];
    try {
      const handler = handlers[method] as Handlers<WorkerApi>[string] | undefined;
      if (!handler) {
        throw Object.assign(new Error(`This worker has no method "${method}".`), {
          name: 'UnknownMethodError',
        });
      }
      const output = await handler(input, {
        signal: controller.signal,
        progress: (progress) => {
          if (live()) post({ port: 'progress', id, progress });
        },
        emit: (event, transfer = []) => {
          if (!live()) return Promise.resolve();
          const at = seq++;
          const handled = new Promise<void>((resolve) => call.acks.set(at, resolve));
          post({ port: 'event', id, seq: at, event }, transfer);
          return handled;
        },
        transferResult: (transfer) => {
          transferResult = transfer;
        },
      });
      if (live()) post({ port: 'done', id, output }, transferResult);
    } catch (error) {
      if (live()) post({ port: 'error', id, error: serializeError(error) as SerializedError });
    } finally {
      running.delete(id);
    }
  };

  scope.addEventListener('message', ({ data }) => {
    if (!isPortRequest(data)) return;
    if (data.port === 'call') void run(data.id, data.method, data.input);
    else if (data.port === 'ack') {
      const acks = running.get(data.id)?.acks;
      acks?.get(data.seq)?.();
      acks?.delete(data.seq);
    } else {
      const call = running.get(data.id);
      if (!call) return;
      running.delete(data.id);
      call.controller.abort(new DOMException('The call was cancelled', 'AbortError'));
      for (const resolve of call.acks.values()) resolve();
    }
  });
}
