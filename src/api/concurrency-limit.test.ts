import { describe, expect, it } from 'vitest';
import { createLimiter } from './concurrency-limit.ts';
import { AbortedError } from './errors.ts';

/** A task that ends when the test says so, recording that it started. */
function gate(started: string[], name: string) {
  let open!: (value: string) => void;
  const done = new Promise<string>((resolve) => {
    open = resolve;
  });
  return {
    task: () => {
      started.push(name);
      return done;
    },
    open: () => open(name),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createLimiter', () => {
  it('never runs more than max tasks, and starts waiting ones in order as slots free', async () => {
    const limit = createLimiter(2);
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd'].map((name) => gate(started, name));
    const results = gates.map((g) => limit.run(g.task));
    expect(started).toEqual(['a', 'b']);
    expect(limit.waiting).toBe(2);
    gates[1]!.open();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(limit.active).toBe(2);
    for (const g of gates) g.open();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(limit.active).toBe(0);
  });

  it('drops a waiting task whose signal aborts: it never starts and takes no slot', async () => {
    const limit = createLimiter(1);
    const started: string[] = [];
    const first = gate(started, 'first');
    const dropped = gate(started, 'dropped');
    const last = gate(started, 'last');
    const controller = new AbortController();
    const a = limit.run(first.task);
    const b = limit.run(dropped.task, controller.signal);
    const c = limit.run(last.task);
    controller.abort();
    await expect(b).rejects.toBeInstanceOf(AbortedError);
    first.open();
    last.open();
    expect(await Promise.all([a, c])).toEqual(['first', 'last']);
    expect(started).toEqual(['first', 'last']);
  });

  it('frees the slot of a task that fails', async () => {
    const limit = createLimiter(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(() => Promise.resolve('next'))).toBe('next');
  });

  it('refuses a task whose signal has already aborted', async () => {
    const limit = createLimiter(1);
    await expect(limit.run(() => Promise.resolve(1), AbortSignal.abort())).rejects.toBeInstanceOf(
      AbortedError,
    );
    expect(limit.active).toBe(0);
  });
});
