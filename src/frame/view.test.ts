import { describe, expect, it, vi } from 'vitest';
import { type Column, fromDecoded } from './column.ts';
import { Frame } from './frame.ts';
import { computeView, dedupOf, rowsBeforeFilterOn, shownColumns } from './view.ts';
import { DEFAULT_VIEW, type ViewSpec } from './view-spec.ts';

const at = (seconds: number) => `Tue, 01 Jan 2019 00:00:0${seconds} GMT`;

/**
 * Six uploads: md5sum `a` three times (rows 0, 2, 4; row 2 has another MRIQC version and the
 * earliest date, row 4 the latest), `b` and `c` once, row 3 without an md5sum.
 */
const DATA: Record<string, unknown[]> = {
  'provenance.md5sum': ['a', 'b', 'a', undefined, 'a', 'c'],
  'provenance.version': ['1.0', '1.0', '2.0', '1.0', '1.0', '1.0'],
  _created: [at(3), at(1), at(1), at(5), at(9), at(2)],
  snr: [5, 2, 7, undefined, 1, 3],
  maker: ['GE', 'Siemens', 'GE', 'GE', 'Philips', 'GE'],
};

function makeFrame(loader = vi.fn(async (name: string) => fromDecoded(DATA[name]!))) {
  const info = Object.keys(DATA).map((name) => ({
    name,
    type: name === 'snr' ? ('number' as const) : ('text' as const),
  }));
  return { frame: new Frame(6, info, loader as (name: string) => Promise<Column>), loader };
}

const view = (frame: Frame, patch: Partial<ViewSpec>) =>
  computeView(frame, { ...DEFAULT_VIEW, ...patch });

describe('computeView', () => {
  it('shows all rows in stored order, with the dataset’s duplicate summary', async () => {
    const { frame } = makeFrame();
    const all = await view(frame, {});
    expect(Array.from(all.rows)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(all.summary).toEqual({
      total: 6,
      unique: 4,
      distinctKeys: 3,
      duplicateRows: 3,
      duplicateGroups: 1,
      missingKey: 1,
    });
    expect([0, 1, 2, 3, 4, 5].map(all.dedup.sizeOf)).toEqual([3, 1, 3, 1, 3, 1]);
  });

  it('keeps the first (or last) upload by _created in the unique view; the row without md5sum stays', async () => {
    const { frame } = makeFrame();
    expect(Array.from((await view(frame, { show: 'unique' })).rows)).toEqual([1, 2, 3, 5]);
    expect(Array.from((await view(frame, { show: 'unique', keep: 'last' })).rows)).toEqual([
      1, 3, 4, 5,
    ]);
    // The copies of `a` in upload order (rows 2, 0, 4 were uploaded at 1, 3, 9 s).
    expect(Array.from((await view(frame, { show: 'duplicates' })).rows)).toEqual([2, 0, 4]);
  });

  it('sorts upload dates by time, not by their text (which starts with the weekday)', async () => {
    const dates = [
      'Mon, 07 Jan 2019 10:00:00 GMT',
      'Fri, 04 Jan 2019 10:00:00 GMT',
      undefined,
      'Sun, 06 Jan 2019 10:00:00 GMT',
    ];
    const frame = new Frame(4, [{ name: '_created', type: 'text' }], async () =>
      fromDecoded(dates),
    );
    const up = await view(frame, { sort: [{ column: '_created', desc: false }] });
    expect(Array.from(up.rows)).toEqual([1, 3, 0, 2]);
    const down = await view(frame, { sort: [{ column: '_created', desc: true }] });
    expect(Array.from(down.rows)).toEqual([0, 3, 1, 2]); // missing last both ways
  });

  it('with md5sum + version, another MRIQC version is another scan', async () => {
    const { frame } = makeFrame();
    const unique = await view(frame, { dedup: 'md5sum+version', show: 'unique' });
    expect(Array.from(unique.rows)).toEqual([0, 1, 2, 3, 5]);
    const dupes = await view(frame, { dedup: 'md5sum+version', show: 'duplicates' });
    expect(Array.from(dupes.rows)).toEqual([0, 4]);
  });

  it('filters the chosen rows and counts what was there before the filters', async () => {
    const { frame } = makeFrame();
    const filtered = await view(frame, { filters: [{ column: 'snr', type: 'range', min: 3 }] });
    expect(Array.from(filtered.rows)).toEqual([0, 2, 5]);
    expect(filtered.beforeFilters).toBe(6);
    const both = await view(frame, {
      show: 'duplicates',
      filters: [{ column: 'maker', type: 'in', values: ['GE'] }],
    });
    expect(Array.from(both.rows)).toEqual([2, 0]); // upload order within the group
    expect(both.beforeFilters).toBe(3);
  });

  it('sorts after filtering, missing values last, several keys first-most-significant', async () => {
    const { frame } = makeFrame();
    const bySnr = await view(frame, { show: 'unique', sort: [{ column: 'snr', desc: true }] });
    expect(Array.from(bySnr.rows)).toEqual([2, 5, 1, 3]);
    const twoKeys = await view(frame, {
      sort: [
        { column: 'maker', desc: false },
        { column: 'snr', desc: false },
      ],
    });
    expect(Array.from(twoKeys.rows)).toEqual([5, 0, 2, 3, 4, 1]);
  });

  it('treats a sort or filter on a column the dataset lacks as all missing, not an error', async () => {
    const { frame } = makeFrame();
    const sorted = await view(frame, { sort: [{ column: 'tsnr', desc: false }] });
    expect(Array.from(sorted.rows)).toEqual([0, 1, 2, 3, 4, 5]);
    const filtered = await view(frame, { filters: [{ column: 'tsnr', type: 'range', min: 0 }] });
    expect(filtered.rows.length).toBe(0);
  });
});

describe('the duplicates view', () => {
  // Two scans uploaded twice each, interleaved in stored order; x's second row is its first upload.
  const COPIES: Record<string, unknown[]> = {
    'provenance.md5sum': ['x', 'y', 'x', 'y', 'z'],
    'provenance.version': ['2.0', '1.0', '1.0', '1.0', '1.0'],
    _created: [at(5), at(2), at(1), at(3), at(4)],
    snr: [1, 4, 2, 3, 5],
  };
  const frame = new Frame(
    5,
    Object.keys(COPIES).map((name) => ({ name, type: name === 'snr' ? 'number' : 'text' })),
    async (name) => fromDecoded(COPIES[name]!),
  );

  it('puts the copies of one scan together, each group in upload order, unless a sort is picked', async () => {
    const grouped = await view(frame, { show: 'duplicates' });
    expect(Array.from(grouped.rows)).toEqual([2, 0, 1, 3]);
    const bySnr = await view(frame, { show: 'duplicates', sort: [{ column: 'snr', desc: true }] });
    expect(Array.from(bySnr.rows)).toEqual([1, 3, 2, 0]);
    // Other views keep stored order.
    expect(Array.from((await view(frame, {})).rows)).toEqual([0, 1, 2, 3, 4]);
  });

  it('with md5sum + version, groups by both (x in two versions is two scans, no copies)', async () => {
    const grouped = await view(frame, { show: 'duplicates', dedup: 'md5sum+version' });
    expect(Array.from(grouped.rows)).toEqual([1, 3]);
  });

  it('shows the key column, first when it was hidden, and not twice', () => {
    const dup = { ...DEFAULT_VIEW, show: 'duplicates' as const };
    expect(shownColumns(['snr'], dup)).toEqual(['provenance.md5sum', 'snr']);
    expect(shownColumns(['snr', 'provenance.md5sum'], dup)).toEqual(['snr', 'provenance.md5sum']);
    expect(shownColumns(['snr'], { ...dup, dedup: 'md5sum+version' })).toEqual([
      'provenance.md5sum',
      'provenance.version',
      'snr',
    ]);
    expect(shownColumns(['snr'], DEFAULT_VIEW)).toEqual(['snr']);
  });
});

describe('rowsBeforeFilterOn', () => {
  it('is the view’s rows with every other column’s filters applied', async () => {
    const { frame } = makeFrame();
    const spec: ViewSpec = {
      ...DEFAULT_VIEW,
      show: 'unique',
      filters: [
        { column: 'maker', type: 'in', values: ['Siemens'] },
        { column: 'snr', type: 'range', min: 3 },
      ],
    };
    expect(Array.from(await rowsBeforeFilterOn(frame, spec, 'maker'))).toEqual([2, 5]);
    expect(Array.from(await rowsBeforeFilterOn(frame, spec, 'snr'))).toEqual([1]);
  });
});

describe('dedupOf', () => {
  it('computes each (key, keep) once per frame', async () => {
    const { frame, loader } = makeFrame();
    const first = await dedupOf(frame, DEFAULT_VIEW);
    const again = await dedupOf(frame, { dedup: 'md5sum', keep: 'first' });
    expect(again).toBe(first);
    const last = await dedupOf(frame, { dedup: 'md5sum', keep: 'last' });
    expect(last).not.toBe(first);
    // md5sum and _created were each read once for both.
    expect(loader.mock.calls.map(([name]) => name).sort()).toEqual([
      '_created',
      'provenance.md5sum',
    ]);
  });

  it('tries again after a failed load instead of caching the failure', async () => {
    let fail = true;
    const { frame } = makeFrame(
      vi.fn(async (name: string) => {
        if (fail && name === '_created') throw new Error('read failed');
        return fromDecoded(DATA[name]!);
      }),
    );
    await expect(dedupOf(frame, DEFAULT_VIEW)).rejects.toThrow('read failed');
    fail = false;
    expect((await dedupOf(frame, DEFAULT_VIEW)).summary.unique).toBe(4);
  });
});
