import type { LockInfo, Locks } from './dataset-lock.ts';

/**
 * Test support: an in-memory stand-in for the browser's LockManager (exclusive locks only),
 * shared by the "tabs" of one test as navigator.locks is shared by the tabs of one origin.
 * A lock is held while its callback's promise is pending; `ifAvailable` gets null when the lock
 * is held or others wait for it, as the Web Locks spec says. `client(id)` is the same manager
 * seen from one tab or worker: `query()` names it as the holder (`clientId`) of what it takes.
 * Import only from *.test.ts files.
 */
export class FakeLocks implements Locks {
  private readonly held: Map<string, string | undefined>;
  private readonly waiting: Map<string, Array<{ grant: () => void; clientId?: string }>>;

  constructor(
    private readonly clientId?: string,
    shared?: FakeLocks,
  ) {
    this.held = shared?.held ?? new Map();
    this.waiting = shared?.waiting ?? new Map();
  }

  /** The same locks, taken by the tab or worker `clientId`. */
  client(clientId: string): FakeLocks {
    return new FakeLocks(clientId, this);
  }

  async request<T>(
    name: string,
    options: { ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T> {
    const busy = this.held.has(name) || (this.waiting.get(name)?.length ?? 0) > 0;
    if (busy && options.ifAvailable) return callback(null);
    if (busy) {
      await new Promise<void>((grant) => {
        const queue = this.waiting.get(name) ?? [];
        queue.push({ grant, clientId: this.clientId });
        this.waiting.set(name, queue);
      });
    }
    this.held.set(name, this.clientId);
    try {
      return await callback({ name, mode: 'exclusive' });
    } finally {
      this.release(name);
    }
  }

  async query(): Promise<{ held: LockInfo[]; pending: LockInfo[] }> {
    return {
      held: [...this.held].map(([name, clientId]) => ({ name, mode: 'exclusive', clientId })),
      pending: [...this.waiting].flatMap(([name, queue]) =>
        queue.map(({ clientId }) => ({ name, mode: 'exclusive', clientId })),
      ),
    };
  }

  /** Names held now (for assertions). */
  heldNames(): string[] {
    return [...this.held.keys()];
  }

  private release(name: string): void {
    const queue = this.waiting.get(name);
    const next = queue?.shift();
    if (queue?.length === 0) this.waiting.delete(name);
    if (next)
      next.grant(); // handed straight to the next in line (who marks it held)
    else this.held.delete(name);
  }
}
