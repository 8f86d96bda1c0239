import { describe, expect, it } from 'vitest';
import { RELEASES, sortReleases, visibleVersions } from './versions.ts';

const tags = [
  { tag: '23.1.0rc0', kind: 'pre-release', date: '2023-05-01' },
  { tag: '23.0.1', kind: 'final', date: '2023-03-10' },
  { tag: '23.1.0', kind: 'final', date: '2023-06-02' },
  { tag: '0.9.8-1', kind: 'final (packaging/hotfix suffix "-N")', date: '2017-08-10' },
  { tag: '0.9.8', kind: 'final', date: '2017-08-10' },
];
const releases = sortReleases(tags);

describe('sortReleases', () => {
  it('puts the newest first, same-day tags in reverse file order', () => {
    expect(releases.map((option) => option.version)).toEqual([
      '23.1.0',
      '23.1.0rc0',
      '23.0.1',
      '0.9.8',
      '0.9.8-1',
    ]);
  });

  it('marks pre-releases and dates each tag by month', () => {
    expect(releases[1]).toEqual({ version: '23.1.0rc0', preRelease: true, released: 'May 2023' });
    expect(releases[4]).toEqual({ version: '0.9.8-1', preRelease: false, released: 'Aug 2017' });
  });
});

describe('visibleVersions', () => {
  const names = (selected: string[], showPre: boolean) =>
    visibleVersions(releases, selected, showPre).map((option) => option.version);

  it('keeps a remembered free-text version after it is unticked', () => {
    const shown = visibleVersions(releases, ['23.0.1'], false, ['4ec19cb1', '23.0.1']);
    expect(shown.map((option) => option.version)).toEqual([
      '4ec19cb1',
      '23.1.0',
      '23.0.1',
      '0.9.8',
      '0.9.8-1',
    ]);
  });

  it.each([
    [[], false, ['23.1.0', '23.0.1', '0.9.8', '0.9.8-1']],
    [[], true, ['23.1.0', '23.1.0rc0', '23.0.1', '0.9.8', '0.9.8-1']],
    [['23.1.0rc0'], false, ['23.1.0', '23.1.0rc0', '23.0.1', '0.9.8', '0.9.8-1']],
    [['4ec19cb1', '23.0.1'], false, ['4ec19cb1', '23.1.0', '23.0.1', '0.9.8', '0.9.8-1']],
  ])('selected %j, pre-releases %s', (selected, showPre, shown) => {
    expect(names(selected, showPre)).toEqual(shown);
  });
});

describe('RELEASES from versions.json', () => {
  it('starts with the newest final release when pre-releases are hidden', () => {
    expect(visibleVersions(RELEASES, [], false)[0]?.version).toBe('24.0.2');
  });

  it('holds every tag once', () => {
    const versions = RELEASES.map((option) => option.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions).toContain('22.0.6');
    expect(versions).toContain('25.0.0rc0');
  });
});
