import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { filterRef } from '../../api/filter-ref.ts';

/** The module as a freshly loaded page has it (its state is per page). */
async function freshPage() {
  vi.resetModules();
  return import('./long-filters.ts');
}

const long = (n: number) =>
  `{"snr_total": {"$nin": [${Array.from({ length: 800 }, (_, i) => i + n).join(', ')}]}}`;

describe('long filters', () => {
  it('keeps a typed filter for the visit, writes only the last keystroke, and reads it back after a reload', async () => {
    const page = await freshPage();
    const first = page.rememberLongFilter(long(0));
    const last = page.rememberLongFilter(long(1));
    expect(last).toBe(filterRef(long(1)));
    const lookup = page.lookupIn(page.readLongFilters());
    expect(lookup(last)).toBe(long(1));
    // The keystroke before is no longer named by the address: not kept.
    expect(lookup(first)).toBeUndefined();
    await page.saveUnsaved();

    const reloaded = await freshPage();
    await reloaded.loadLongFilterOf(`?modality=T1w&whereRef=${last}&view=table`);
    expect(reloaded.lookupIn(reloaded.readLongFilters())(last)).toBe(long(1));
    await reloaded.loadLongFilter(first);
    expect(reloaded.readLongFilters().get(first)).toEqual({ state: 'missing' });
  });

  it('tells subscribers when a filter arrives, and ignores a where= beside a whereRef=', async () => {
    const page = await freshPage();
    const seen: number[] = [];
    const stop = page.subscribeLongFilters(() => seen.push(page.readLongFilters().size));
    await page.loadLongFilterOf(`?where=%7B%7D&whereRef=${'0'.repeat(32)}`);
    expect(seen).toEqual([]);
    await page.loadLongFilter('0'.repeat(32));
    expect(seen).toEqual([1, 1]); // loading, then missing
    expect(page.readLongFilters().get('0'.repeat(32))).toEqual({ state: 'missing' });
    stop();
  });
});
