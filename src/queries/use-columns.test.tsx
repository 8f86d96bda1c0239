// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { type Column, columnLength, fromDecoded } from '../frame/column.ts';
import { Frame } from '../frame/frame.ts';
import { QueryProvider } from './query-provider.tsx';
import { useColumns } from './use-columns.ts';

const wrapper = ({ children }: { children: ReactNode }) => (
  <QueryProvider>{children}</QueryProvider>
);

/** A frame whose reads wait until released; `bad` always fails. */
function slowFrame() {
  const release = new Map<string, () => void>();
  const frame = new Frame(
    3,
    ['cjv', 'snr', 'bad', 'maker'].map((name) => ({ name, type: 'number' as const })),
    (name) =>
      new Promise<Column>((resolve, reject) => {
        if (name === 'bad') reject(new Error('the chunk is corrupt'));
        else release.set(name, () => resolve(fromDecoded([1, 2, 3])));
      }),
  );
  return { frame, release: (name: string) => release.get(name)?.() };
}

describe('useColumns', () => {
  it('shows each column as it arrives, the very object the frame holds; a failed one says why', async () => {
    const { frame, release } = slowFrame();
    const names = ['cjv', 'snr', 'bad'];
    const { result } = renderHook(() => useColumns(frame, names), { wrapper });
    expect(result.current.columns).toEqual([undefined, undefined, undefined]);
    expect(result.current.loading).toBe(true);
    release('snr');
    await waitFor(() => expect(result.current.columns[1]).toBeDefined());
    expect(result.current.columns[1]).toBe(frame.loaded('snr'));
    expect(result.current.columns[0]).toBeUndefined();
    await waitFor(() => expect(result.current.errors.get('bad')).toBe('the chunk is corrupt'));
    release('cjv');
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.columns[0]).toBe(frame.loaded('cjv'));
  });

  it('columns already in memory are there on the first render', async () => {
    const { frame, release } = slowFrame();
    const loading = frame.load('maker');
    release('maker');
    await loading;
    const names = ['maker'];
    const { result } = renderHook(() => useColumns(frame, names), { wrapper });
    expect(result.current.columns[0]).toBe(frame.loaded('maker'));
    expect(result.current.loading).toBe(false);
  });

  it('keeps the same result object across renders while nothing arrives', async () => {
    const { frame, release } = slowFrame();
    const names = ['cjv'];
    const { result, rerender } = renderHook(() => useColumns(frame, names), { wrapper });
    release('cjv');
    await waitFor(() => expect(result.current.loading).toBe(false));
    const first = result.current;
    rerender();
    rerender();
    expect(result.current).toBe(first);
  });

  it('with first rows: shows them at once, asks the whole columns after them, and swaps all in together', async () => {
    const asked: string[] = [];
    const release = new Map<string, () => void>();
    const firstRelease = new Map<string, () => void>();
    const frame = new Frame(
      3,
      ['cjv', 'snr'].map((name) => ({ name, type: 'number' as const })),
      (name) =>
        new Promise<Column>((resolve) => {
          asked.push(`whole ${name}`);
          release.set(name, () => resolve(fromDecoded([1, 2, 3])));
        }),
      undefined,
      (name) =>
        new Promise<Column>((resolve) => {
          asked.push(`first ${name}`);
          firstRelease.set(name, () => resolve(fromDecoded([1])));
        }),
    );
    const names = ['cjv', 'snr'];
    const client = new QueryClient();
    const { result } = renderHook(() => useColumns(frame, names, { firstRows: true }), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <QueryClientProvider client={client}>{children}</QueryClientProvider>
      ),
    });
    await waitFor(() => expect(asked).toEqual(['first cjv', 'first snr']));
    expect(result.current.waiting).toBe(true);
    firstRelease.get('cjv')!();
    await waitFor(() => expect(result.current.shown[0]).toBeDefined());
    expect(result.current.shown[0]).toBe(frame.firstRowsIn('cjv'));
    expect(columnLength(result.current.shown[0]!)).toBe(1);
    expect(result.current.waiting).toBe(true);
    // No whole column is asked while a first-rows read is still queued ahead of it.
    expect(asked).toEqual(['first cjv', 'first snr']);
    firstRelease.get('snr')!();
    await waitFor(() => expect(result.current.waiting).toBe(false));
    expect(result.current.loading).toBe(true);
    expect(result.current.columns).toEqual([undefined, undefined]);
    await waitFor(() =>
      expect(asked).toEqual(['first cjv', 'first snr', 'whole cjv', 'whole snr']),
    );
    // A whole column in alone changes nothing shown: the first rows stand until all are in.
    release.get('snr')!();
    await vi.waitFor(() => expect(frame.loaded('snr')).toBeDefined());
    const before = result.current;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(result.current).toBe(before);
    expect(columnLength(result.current.shown[1]!)).toBe(1);
    release.get('cjv')!();
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.columns).toEqual([frame.loaded('cjv'), frame.loaded('snr')]);
    expect(result.current.shown).toEqual(result.current.columns);
    // Nothing watches the first rows any more: the table's renders no longer pay for them.
    const firstRowsWatched = client
      .getQueryCache()
      .findAll()
      .filter((q) => q.queryKey.includes('first-rows'))
      .reduce((n, q) => n + q.getObserversCount(), 0);
    expect(firstRowsWatched).toBe(0);
  });
});
