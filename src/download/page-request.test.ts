import { describe, expect, it } from 'vitest';
import { InvalidResponseError } from '../api/errors.ts';
import { checkPage, type PageResult } from './page-request.ts';
import { classifyError } from './retry.ts';

const meta = { page: 1, maxResults: 50, total: 1 };
const id = '59cfad7f265d200019380537';

describe('checkPage', () => {
  it.each([
    { name: 'a valid page', page: { items: [{ _id: id }], meta }, ok: true },
    { name: 'an empty page', page: { items: [], meta: { ...meta, total: 0 } }, ok: true },
    { name: 'no items array', page: { meta }, ok: false },
    { name: 'an item without _id', page: { items: [{}], meta }, ok: false },
    {
      name: 'an upper-case _id (would not sort as an ObjectId)',
      page: { items: [{ _id: id.toUpperCase() }], meta },
      ok: false,
    },
    { name: 'a short _id', page: { items: [{ _id: 'abc' }], meta }, ok: false },
    { name: 'no meta', page: { items: [] }, ok: false },
    { name: 'a NaN total', page: { items: [], meta: { ...meta, total: Number.NaN } }, ok: false },
  ])('$name → $ok', ({ page, ok }) => {
    const run = () => checkPage(page as unknown as PageResult);
    if (ok) expect(run()).toBe(page);
    else expect(run).toThrow(InvalidResponseError);
  });

  it('is retryable, as a truncated body is', () => {
    expect(classifyError(new InvalidResponseError('x'))).toBe('invalid');
  });
});
