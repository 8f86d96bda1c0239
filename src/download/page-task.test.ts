import { describe, expect, it, vi } from 'vitest';
import { InvalidResponseError } from '../api/errors.ts';
import type { FetchPage, PageResult } from './page-request.ts';
import { fetchPageWithRetry } from './page-task.ts';

const request = { where: null, sort: '_id', maxResults: 50, page: 1 } as const;
const page: PageResult = {
  items: [{ _id: '59cfad7f265d200019380537' }],
  meta: { page: 1, maxResults: 50, total: 1 },
};
const options = (fetchPage: FetchPage, signal: AbortSignal) => ({
  fetchPage,
  signal,
  sleep: async () => {},
  retry: { random: () => 0 },
});

describe('fetchPageWithRetry', () => {
  it('retries a page that fails validation, then returns the valid one', async () => {
    const broken = { ...page, items: [{ _id: 'not an ObjectId' }] };
    const fetchPage = vi.fn<FetchPage>().mockResolvedValueOnce(broken).mockResolvedValue(page);
    const result = await fetchPageWithRetry(
      request,
      options(fetchPage, new AbortController().signal),
    );
    expect(result).toBe(page);
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('reports a page that never validates as InvalidResponseError', async () => {
    const fetchPage = vi.fn<FetchPage>().mockResolvedValue({ ...page, meta: undefined } as never);
    const o = { ...options(fetchPage, new AbortController().signal), retry: { attempts: 2 } };
    await expect(fetchPageWithRetry(request, o)).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('ends at once on abort even when fetchPage ignores its signal, and tries no more', async () => {
    const controller = new AbortController();
    const fetchPage = vi.fn<FetchPage>(() => new Promise(() => {}));
    const result = fetchPageWithRetry(request, options(fetchPage, controller.signal));
    const paused = { name: 'AbortError', message: 'paused' };
    controller.abort(paused);
    await expect(result).rejects.toBe(paused);
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });
});
