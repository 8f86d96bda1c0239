import { describe, expect, it } from 'vitest';
import { fromDecoded } from './column.ts';
import {
  type DedupInput,
  type DedupKeep,
  type DedupKey,
  dedupFromIndex,
  dedupIndex,
  dedupRows,
  KEPT_FIRST,
  KEPT_LAST,
  NO_KEY,
} from './dedup.ts';
import { builtDedup } from './dedup-built.test-support.ts';

const day = (d: number) => new Date(Date.UTC(2020, 0, d)).toUTCString();

// Row: md5sum, version, _created.
//   0: a v1 day 3     3: a v2 day 1     6: c  -  day 5
//   1: -  v1 day 2    4: b v1 (none)    7: -  -  day 1
//   2: b v1 day 4     5: a v1 day 3 (ties row 0)
const input: DedupInput = {
  rowCount: 8,
  md5sum: fromDecoded(['a', undefined, 'b', 'a', 'b', 'a', 'c', undefined]),
  version: fromDecoded(['v1', 'v1', 'v1', 'v2', 'v1', 'v1', undefined, undefined]),
  created: fromDecoded([day(3), day(2), day(4), day(1), undefined, day(3), day(5), day(1)]),
};

describe('dedupRows', () => {
  const cases: Array<
    [
      name: string,
      key: DedupKey,
      keep: DedupKeep,
      groupSize: number[],
      unique: number[],
      duplicates: number[],
    ]
  > = [
    // a: rows 0,3,5 (earliest day 1 = row 3); b: rows 2,4 (row 4 has no date).
    [
      'md5sum, keep first',
      'md5sum',
      'first',
      [3, 1, 2, 3, 2, 3, 1, 1],
      [1, 2, 3, 6, 7],
      [0, 2, 3, 4, 5],
    ],
    // latest a: rows 0 and 5 tie on day 3 → the later row, 5.
    [
      'md5sum, keep last',
      'md5sum',
      'last',
      [3, 1, 2, 3, 2, 3, 1, 1],
      [1, 2, 5, 6, 7],
      [0, 2, 3, 4, 5],
    ],
    // a+v1: rows 0,5 (tie → first row 0); a+v2: row 3 alone.
    [
      'md5sum+version, keep first',
      'md5sum+version',
      'first',
      [2, 1, 2, 1, 2, 2, 1, 1],
      [0, 1, 2, 3, 6, 7],
      [0, 2, 4, 5],
    ],
    [
      'md5sum+version, keep last',
      'md5sum+version',
      'last',
      [2, 1, 2, 1, 2, 2, 1, 1],
      [1, 2, 3, 5, 6, 7],
      [0, 2, 4, 5],
    ],
  ];
  it.each(cases)('%s', (_name, key, keep, groupSize, unique, duplicates) => {
    const result = dedupRows(input, { key, keep });
    expect(groupSize.map((_, row) => result.sizeOf(row))).toEqual(groupSize);
    expect(Array.from(result.unique)).toEqual(unique);
    expect(Array.from(result.duplicates)).toEqual(duplicates);
    expect(Array.from(result.all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(result.isKept)).toEqual(
      groupSize.map((_, row) => Number(unique.includes(row))),
    );
  });

  it.each([
    [
      'md5sum',
      { total: 8, unique: 5, distinctKeys: 3, duplicateRows: 5, duplicateGroups: 2, missingKey: 2 },
    ],
    [
      'md5sum+version',
      { total: 8, unique: 6, distinctKeys: 4, duplicateRows: 4, duplicateGroups: 2, missingKey: 2 },
    ],
  ] as const)('summary, key %s', (key, summary) => {
    expect(dedupRows(input, { key }).summary).toEqual(summary);
  });

  it('defaults to md5sum, keep first', () => {
    expect(builtDedup(dedupRows(input))).toEqual(
      builtDedup(dedupRows(input, { key: 'md5sum', keep: 'first' })),
    );
  });

  it('numbers groups by first appearance and lists members in row order', () => {
    const result = dedupRows(input);
    expect(Array.from(result.groupId)).toEqual([0, 1, 2, 0, 2, 0, 3, 4]);
    const members = (g: number) =>
      Array.from(result.groupRows.subarray(result.groupStart[g], result.groupStart[g + 1]));
    expect([0, 1, 2, 3, 4].map(members)).toEqual([[0, 3, 5], [1], [2, 4], [6], [7]]);
  });

  it.each([
    ['first', [0]],
    ['last', [1]],
  ] as const)('all dates missing: row order decides (keep %s)', (keep, unique) => {
    const result = dedupRows({ rowCount: 2, md5sum: fromDecoded(['x', 'x']) }, { keep });
    expect(Array.from(result.unique)).toEqual(unique);
  });

  it('no md5sum column at all: every row kept and counted', () => {
    const result = dedupRows({ rowCount: 3 });
    expect(Array.from(result.unique)).toEqual([0, 1, 2]);
    expect(result.summary).toEqual({
      total: 3,
      unique: 3,
      distinctKeys: 0,
      duplicateRows: 0,
      duplicateGroups: 0,
      missingKey: 3,
    });
  });

  it('md5sum+version without a version column groups by md5sum', () => {
    const noVersion = { ...input, version: undefined };
    expect(builtDedup(dedupRows(noVersion, { key: 'md5sum+version' })).sizes).toEqual(
      builtDedup(dedupRows(input, { key: 'md5sum' })).sizes,
    );
  });

  it('empty input', () => {
    const result = dedupRows({ rowCount: 0, md5sum: fromDecoded([]) });
    expect(result.summary.total).toBe(0);
    expect(result.unique.length).toBe(0);
  });
});

describe('dedupRows against a naive Map-based reference', () => {
  let seed = 11;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const n = 3000;
  const md5 = Array.from({ length: n }, () =>
    random() < 0.05 ? undefined : `m${pick([...Array(400).keys()])}`,
  );
  const version = Array.from({ length: n }, () => pick(['1', '2', undefined]));
  const created = Array.from({ length: n }, () =>
    random() < 0.1 ? undefined : day(1 + Math.floor(random() * 20)),
  );

  function reference(key: DedupKey, keep: DedupKeep) {
    const groupOf = new Map<string, number>();
    const groupId: number[] = [];
    const kept: number[] = [];
    md5.forEach((m, row) => {
      const k = m === undefined ? undefined : key === 'md5sum' ? m : `${m}|${version[row]}`;
      const known = k === undefined ? undefined : groupOf.get(k);
      const g = known ?? kept.length;
      if (known === undefined) {
        if (k !== undefined) groupOf.set(k, g);
        kept.push(row);
      }
      groupId.push(g);
      const time = (r: number) => {
        const c = created[r];
        return c === undefined ? (keep === 'first' ? Infinity : -Infinity) : Date.parse(c);
      };
      const best = kept[g]!;
      if (keep === 'first' ? time(row) < time(best) : time(row) >= time(best)) kept[g] = row;
    });
    const isKept = groupId.map((g, row) => Number(kept[g] === row));
    const size = groupId.map((g) => groupId.filter((h) => h === g).length);
    const rows = [...groupId.keys()];
    return {
      groupId,
      isKept,
      size,
      unique: rows.filter((row) => isKept[row] === 1),
      duplicates: rows.filter((row) => size[row]! > 1),
      members: kept.map((_, g) => rows.filter((row) => groupId[row] === g)),
    };
  }

  it.each([
    ['md5sum', 'first'],
    ['md5sum', 'last'],
    ['md5sum+version', 'first'],
    ['md5sum+version', 'last'],
  ] as const)('%s, keep %s', (key, keep) => {
    const result = dedupRows(
      {
        rowCount: n,
        md5sum: fromDecoded(md5),
        version: fromDecoded(version),
        created: fromDecoded(created),
      },
      { key, keep },
    );
    const expected = reference(key, keep);
    expect(Array.from(result.groupId)).toEqual(expected.groupId);
    expect(Array.from(result.isKept)).toEqual(expected.isKept);
    // What the grid, the three views and the group panel read.
    expect(Array.from(expected.groupId, (_, row) => result.sizeOf(row))).toEqual(expected.size);
    expect(Array.from(result.all)).toEqual([...expected.groupId.keys()]);
    expect(Array.from(result.unique)).toEqual(expected.unique);
    expect(Array.from(result.duplicates)).toEqual(expected.duplicates);
    expect(
      expected.members.map((_, g) =>
        Array.from(result.groupRows.subarray(result.groupStart[g], result.groupStart[g + 1])),
      ),
    ).toEqual(expected.members);
    expect(result.summary).toMatchObject({
      total: n,
      unique: expected.unique.length,
      duplicateRows: expected.duplicates.length,
      duplicateGroups: expected.members.filter((m) => m.length > 1).length,
    });
  });
});

describe('a stored dedup index', () => {
  let seed = 5;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const n = 2000;
  const many: DedupInput = {
    rowCount: n,
    md5sum: fromDecoded(
      Array.from({ length: n }, () =>
        random() < 0.05 ? undefined : `m${Math.floor(random() * 300)}`,
      ),
    ),
    version: fromDecoded(
      Array.from({ length: n }, () =>
        random() < 0.1 ? undefined : `v${Math.floor(random() * 3)}`,
      ),
    ),
    created: fromDecoded(
      Array.from({ length: n }, () =>
        random() < 0.1 ? undefined : day(1 + Math.floor(random() * 9)),
      ),
    ),
  };

  it.each([
    ['the example rows', input],
    ['2,000 random rows', many],
    ['no md5sum column', { rowCount: 3 }],
    ['no rows', { rowCount: 0, md5sum: fromDecoded([]) }],
  ] as const)('gives what dedupRows gives, both keys and keeps: %s', (_, rows) => {
    for (const key of ['md5sum', 'md5sum+version'] as const) {
      const index = dedupIndex(rows, key);
      for (const keep of ['first', 'last'] as const) {
        const fromIndex = dedupFromIndex(index, keep);
        expect(fromIndex).not.toBeNull();
        expect(builtDedup(fromIndex!)).toEqual(builtDedup(dedupRows(rows, { key, keep })));
      }
    }
  });

  it("flags each group's first and last upload and the rows without an md5sum", () => {
    const { groupId, flags } = dedupIndex(input);
    expect(Array.from(groupId)).toEqual([0, 1, 2, 0, 2, 0, 3, 4]);
    // a: rows 0 (day 3), 3 (day 1), 5 (day 3): first keeps 3, last keeps 5 (the later tie).
    // b: rows 2 (day 4), 4 (no date): a missing date never wins, so 2 both ways.
    expect(Array.from(flags)).toEqual([
      0,
      KEPT_FIRST | KEPT_LAST | NO_KEY,
      KEPT_FIRST | KEPT_LAST,
      KEPT_FIRST,
      0,
      KEPT_LAST,
      KEPT_FIRST | KEPT_LAST,
      KEPT_FIRST | KEPT_LAST | NO_KEY,
    ]);
  });

  it('refuses an index dedupIndex cannot have written', () => {
    const good = dedupIndex(input);
    const damaged = (edit: (groupId: Uint32Array, flags: Uint8Array) => void) => {
      const groupId = good.groupId.slice();
      const flags = good.flags.slice();
      edit(groupId, flags);
      return { groupId, flags };
    };
    expect(dedupFromIndex(good, 'first')).not.toBeNull();
    // Ids out of first-appearance order (a file of zeros past some point would pass this one).
    expect(
      dedupFromIndex(
        damaged((g) => (g[1] = 7)),
        'first',
      ),
    ).toBeNull();
    // Two kept rows in one group; none in another.
    expect(
      dedupFromIndex(
        damaged((_, f) => (f[0]! |= KEPT_FIRST)),
        'first',
      ),
    ).toBeNull();
    expect(
      dedupFromIndex(
        damaged((_, f) => (f[3]! &= ~KEPT_FIRST)),
        'first',
      ),
    ).toBeNull();
    // A row without an md5sum in a group of two: opening it, or joining it later.
    expect(
      dedupFromIndex(
        damaged((_, f) => (f[0]! |= NO_KEY)),
        'first',
      ),
    ).toBeNull();
    expect(
      dedupFromIndex(
        damaged((_, f) => (f[5]! |= NO_KEY)),
        'last',
      ),
    ).toBeNull();
    // Lengths that disagree.
    expect(
      dedupFromIndex({ groupId: good.groupId, flags: good.flags.subarray(1) }, 'last'),
    ).toBeNull();
  });
});
