import type { Locks } from './dataset-lock.ts';

/**
 * Test support: an in-memory stand-in for the browser's LockManager (exclusive locks only),
 * shared by the "tabs" of one test as navigator.locks is shared by the tabs of one origin.
 * A lock is held while its callback's promise is pending; `ifAvailable` gets null when the lock
 * is held or others wait for it, as the Web Locks spec says. Import only from *.test.ts files.
 */
export class FakeLocks implements Locks {
  private readonly held = new Set<string>();
  private readonly waiting = new Map<string, Array<() => void>>();

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
        queue.push(grant);
        this.waiting.set(name, queue);
      });
    } else {
      this.held.add(name);
    }
    try {
      return await callback({ name, mode: 'exclusive' });
    } finally {
      this.release(name);
    }
  }

  async query() {
    return { held: [...this.held].map((name) => ({ name, mode: 'exclusive' })) };
  }

  /** Names held now (for assertions). */
  heldNames(): string[] {
    return [...this.held];
  }

  private release(name: string): void {
    const next = this.waiting.get(name)?.shift();
    if (next)
      next(); // handed straight to the next in line: still held
    else this.held.delete(name);
  }
}
