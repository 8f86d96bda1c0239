import { describe, expect, it } from 'vitest';
import {
  type ConcurrencyState,
  canStart,
  createConcurrency,
  onCongestion,
  onSuccess,
  withSetting,
} from './concurrency.ts';

type Step = 'ok' | 'fail' | 'fail-old' | `retry-after-${number}`;

/** Limits after each step; 'fail-old' is a failure of a request started before the last decrease. */
function trajectory(state: ConcurrencyState, steps: Step[]): number[] {
  return steps.map((step) => {
    if (step === 'ok') state = onSuccess(state);
    else {
      const startedEpoch = step === 'fail-old' ? state.epoch - 1 : state.epoch;
      const retryAfterMs = step.startsWith('retry-after-') ? Number(step.slice(12)) : undefined;
      state = onCongestion(state, { startedEpoch, now: 0, retryAfterMs });
    }
    return state.limit;
  });
}

describe('createConcurrency', () => {
  it.each([
    { options: {}, limit: 4, ceiling: 4 },
    { options: { initial: 0 }, limit: 1, ceiling: 1 },
    { options: { initial: 20 }, limit: 8, ceiling: 8 },
    { options: { initial: 2, ceiling: 6 }, limit: 2, ceiling: 6 },
    { options: { initial: 5, ceiling: 3 }, limit: 5, ceiling: 5 },
    { options: { initial: 2.7 }, limit: 2, ceiling: 2 },
  ])('$options → limit $limit, ceiling $ceiling', ({ options, limit, ceiling }) => {
    expect(createConcurrency(options)).toMatchObject({ limit, ceiling });
  });
});

describe('AIMD trajectory', () => {
  it.each<{ name: string; options: object; steps: Step[]; limits: number[] }>([
    {
      name: 'grows +1 per 2 successes up to the ceiling',
      options: { initial: 1, ceiling: 3, growAfter: 2 },
      steps: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
      limits: [1, 2, 2, 3, 3, 3],
    },
    {
      name: 'halves on congestion, never below 1',
      options: { initial: 8 },
      steps: ['fail', 'fail', 'fail', 'fail'],
      limits: [4, 2, 1, 1],
    },
    {
      name: 'failures of requests from before the decrease do not halve again',
      options: { initial: 8 },
      steps: ['fail', 'fail-old', 'fail-old', 'fail'],
      limits: [4, 4, 4, 2],
    },
    {
      name: 'a failure resets the success streak, then recovers',
      options: { initial: 4, growAfter: 2 },
      steps: ['fail', 'ok', 'fail', 'ok', 'ok', 'ok', 'ok'],
      limits: [2, 2, 1, 1, 2, 2, 3],
    },
    {
      name: 'Retry-After halves too',
      options: { initial: 4 },
      steps: ['retry-after-3000'],
      limits: [2],
    },
  ])('$name', ({ options, steps, limits }) => {
    expect(trajectory(createConcurrency(options), steps)).toEqual(limits);
  });
});

describe('canStart', () => {
  it('respects the limit and a Retry-After pause', () => {
    let state = createConcurrency({ initial: 2 });
    expect([canStart(state, 0, 0), canStart(state, 1, 0), canStart(state, 2, 0)]).toEqual([
      true,
      true,
      false,
    ]);
    state = onCongestion(state, { startedEpoch: 0, now: 1000, retryAfterMs: 3000 });
    expect(state.pausedUntil).toBe(4000);
    expect([canStart(state, 0, 3999), canStart(state, 0, 4000)]).toEqual([false, true]);
    // A shorter Retry-After later does not shorten the pause.
    state = onCongestion(state, { startedEpoch: 0, now: 1500, retryAfterMs: 100 });
    expect(state.pausedUntil).toBe(4000);
  });
});

describe('withSetting (the user changes "Requests in flight" mid-run)', () => {
  it('raises or lowers limit and ceiling at once, keeping the backoff epoch and pause', () => {
    const congested = onCongestion(createConcurrency({ initial: 4 }), {
      startedEpoch: 0,
      now: 0,
      retryAfterMs: 500,
    });
    const raised = withSetting(congested, 8);
    expect([raised.limit, raised.ceiling]).toEqual([8, 8]);
    expect([raised.epoch, raised.pausedUntil]).toEqual([congested.epoch, 500]);
    const lowered = withSetting(createConcurrency({ initial: 6 }), 1);
    expect([lowered.limit, lowered.ceiling]).toEqual([1, 1]);
    expect(canStart(lowered, 1, 0)).toBe(false);
    expect(withSetting(lowered, 99).limit).toBe(8);
  });
});
