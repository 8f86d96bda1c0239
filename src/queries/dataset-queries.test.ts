import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { fromDecoded } from '../frame/column.ts';
import { Frame } from '../frame/frame.ts';
import { DEFAULT_VIEW } from '../frame/view-spec.ts';
import { columnQueryOptions, frameId, viewQueryOptions } from './dataset-queries.ts';
import { createQueryClient } from './query-client.ts';

function frameCountingReads() {
  const reads: string[] = [];
  const frame = new Frame(
    3,
    [
      { name: 'cjv', type: 'number' },
      { name: 'snr', type: 'number' },
    ],
    async (name) => {
      reads.push(name);
      return fromDecoded([1, 2, 3]);
    },
  );
  return { frame, reads };
}

describe('column queries', () => {
  it('a column another view already read is there at once; others are read once, shared', async () => {
    const { frame, reads } = frameCountingReads();
    await frame.load('cjv');
    const client = createQueryClient();
    const shown = new QueryObserver(client, columnQueryOptions(frame, 'cjv'));
    expect(shown.getCurrentResult().data).toBe(frame.loaded('cjv'));
    const a = new QueryObserver(client, columnQueryOptions(frame, 'snr'));
    const b = new QueryObserver(client, columnQueryOptions(frame, 'snr'));
    const stops = [a.subscribe(() => undefined), b.subscribe(() => undefined)];
    await client.fetchQuery(columnQueryOptions(frame, 'snr'));
    expect(reads).toEqual(['cjv', 'snr']);
    expect(a.getCurrentResult().data).toBe(frame.loaded('snr'));
    for (const stop of stops) stop();
  });

  it('a reopened frame is another frame: its columns are read again', () => {
    const first = frameCountingReads().frame;
    const second = frameCountingReads().frame;
    expect(frameId(first)).toBe(frameId(first));
    expect(frameId(second)).not.toBe(frameId(first));
    expect(columnQueryOptions(first, 'cjv').queryKey).not.toEqual(
      columnQueryOptions(second, 'cjv').queryKey,
    );
  });
});

describe('view queries', () => {
  it('compute the view of the spec over the frame; nothing without a frame', async () => {
    const { frame } = frameCountingReads();
    const client = createQueryClient();
    const view = await client.fetchQuery(viewQueryOptions('a', frame, DEFAULT_VIEW));
    expect(Array.from(view.rows)).toEqual([0, 1, 2]);
    const none = new QueryObserver(client, viewQueryOptions('a', null, DEFAULT_VIEW));
    expect(none.getCurrentResult().fetchStatus).toBe('idle');
  });
});
