import type { ChannelLike } from './tab-channel.ts';

type Listener = (event: { data: unknown }) => void;

/**
 * Test support: BroadcastChannels of one name in one origin, in memory. A message reaches every
 * other open channel of the hub (never its sender), as a later task, structured-cloned, as the
 * browser's do. Import only from *.test.ts files.
 */
export class FakeChannelHub {
  private readonly channels = new Set<FakeChannel>();
  /** Every message posted, in order (for assertions). */
  readonly log: unknown[] = [];

  open(): FakeChannel {
    const channel = new FakeChannel(this);
    this.channels.add(channel);
    return channel;
  }

  /** @internal */
  deliver(from: FakeChannel, message: unknown): void {
    this.log.push(message);
    for (const to of this.channels) {
      if (to === from) continue;
      const data = structuredClone(message);
      setTimeout(() => to.dispatch(data), 0);
    }
  }

  /** @internal */
  remove(channel: FakeChannel): void {
    this.channels.delete(channel);
  }
}

export class FakeChannel implements ChannelLike {
  private readonly listeners = new Set<Listener>();
  private closed = false;

  constructor(private readonly hub: FakeChannelHub) {}

  postMessage(message: unknown): void {
    if (this.closed) throw new DOMException('Channel is closed', 'InvalidStateError');
    this.hub.deliver(this, message);
  }

  addEventListener(_type: 'message', listener: Listener): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: Listener): void {
    this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.hub.remove(this);
  }

  /** @internal */
  dispatch(data: unknown): void {
    if (this.closed) return;
    for (const listener of this.listeners) listener({ data });
  }
}
