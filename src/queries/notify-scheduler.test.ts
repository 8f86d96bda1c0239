import { describe, expect, it } from 'vitest';
import { coalescedTimeouts } from './notify-scheduler.ts';

/** A task queue run by hand. */
function tasks() {
  const queue: Array<() => void> = [];
  return {
    later: (run: () => void) => queue.push(run),
    count: () => queue.length,
    runNext: () => queue.shift()?.(),
  };
}

describe('coalescedTimeouts', () => {
  it('runs every notification waiting when its task comes in that task, in order', () => {
    const q = tasks();
    const ran: string[] = [];
    const schedule = coalescedTimeouts(q.later);
    schedule(() => ran.push('a'));
    schedule(() => ran.push('b'));
    expect(q.count()).toBe(1);
    q.runNext();
    expect(ran).toEqual(['a', 'b']);
    // A notification after that task ran gets a task of its own.
    schedule(() => ran.push('c'));
    expect(q.count()).toBe(1);
    q.runNext();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('reports a notification that throws, and still runs the others', () => {
    const q = tasks();
    const ran: string[] = [];
    const reported: unknown[] = [];
    const schedule = coalescedTimeouts(q.later, (error) => reported.push(error));
    schedule(() => {
      throw new Error('listener broke');
    });
    schedule(() => ran.push('after'));
    q.runNext();
    expect(reported.map((e) => (e as Error).message)).toEqual(['listener broke']);
    expect(ran).toEqual(['after']);
  });
});
