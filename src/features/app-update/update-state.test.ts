import { describe, expect, it } from 'vitest';
import {
  nextUpdateState,
  onControlling,
  type UpdateEvent,
  type UpdateState,
} from './update-state.ts';

const run = (events: UpdateEvent['type'][], from: UpdateState = { type: 'idle' }) =>
  events.reduce<UpdateState>((state, type) => nextUpdateState(state, { type }), from);

describe('the update prompt', () => {
  it('stays quiet until a new build is waiting', () => {
    expect(run([])).toEqual({ type: 'idle' });
    expect(run(['accept', 'dismiss'])).toEqual({ type: 'idle' });
  });

  it('offers a waiting build and applies it only when the user accepts', () => {
    expect(run(['waiting'])).toEqual({ type: 'ready' });
    expect(run(['waiting', 'accept'])).toEqual({ type: 'applying' });
    expect(onControlling(run(['waiting', 'accept']))).toBe('reload');
  });

  it('"Later" keeps the offer, and it can still be accepted', () => {
    expect(run(['waiting', 'dismiss'])).toEqual({ type: 'later' });
    expect(run(['waiting', 'dismiss', 'accept'])).toEqual({ type: 'applying' });
    // A newer build arriving brings the prompt back.
    expect(run(['waiting', 'dismiss', 'waiting'])).toEqual({ type: 'ready' });
  });

  it('never reloads a tab that did not ask: an update accepted elsewhere is only announced', () => {
    for (const before of [[], ['waiting'], ['waiting', 'dismiss']] as UpdateEvent['type'][][]) {
      const state = run(before);
      expect(onControlling(state)).toBe('ask');
      expect(run(['controlling'], state)).toEqual({ type: 'elsewhere' });
    }
    // The user may then reload this tab from the prompt.
    expect(run(['controlling', 'accept'])).toEqual({ type: 'applying' });
  });

  it('keeps its course once applying or told of another tab', () => {
    expect(run(['waiting', 'accept', 'waiting'])).toEqual({ type: 'applying' });
    expect(run(['controlling', 'waiting'])).toEqual({ type: 'elsewhere' });
  });
});
