import { describe, expect, it } from 'vitest';
import { buildInfo, readGitCommit } from './build-info.ts';

const NOW = new Date('2026-12-03T10:20:30Z');
const PKG = { version: '1.2.3' };

describe('buildInfo', () => {
  it('takes the version from package.json and the date from the clock', () => {
    expect(buildInfo(PKG, {}, NOW, () => 'abc1234')).toEqual({
      version: '1.2.3',
      date: '2026-12-03T10:20:30.000Z',
      id: 'abc1234',
    });
  });

  it.each<[string, Record<string, string>, string | null, string]>([
    ['BUILD_ID wins', { BUILD_ID: 'second', GITHUB_SHA: 'f'.repeat(40) }, 'abc1234', 'second'],
    ['the Actions commit, short', { GITHUB_SHA: '0123456789abcdef' }, 'abc1234', '0123456'],
    ['git when nothing is set', {}, 'abc1234', 'abc1234'],
    ['local outside git', {}, null, 'local'],
    ['an empty BUILD_ID is ignored', { BUILD_ID: '  ' }, null, 'local'],
    ['unsafe characters are replaced', { BUILD_ID: '<b>"x y"/..' }, null, 'b-x-y'],
  ])('%s', (_name, env, git, id) => {
    expect(buildInfo(PKG, env, NOW, () => git).id).toBe(id);
  });

  it('keeps a long id short', () => {
    expect(buildInfo(PKG, { BUILD_ID: 'x'.repeat(200) }, NOW, () => null).id).toHaveLength(40);
  });

  it('pins the date to SOURCE_DATE_EPOCH for reproducible builds, ignoring a bad one', () => {
    expect(buildInfo(PKG, { SOURCE_DATE_EPOCH: '1700000000' }, NOW, () => null).date).toBe(
      '2023-11-14T22:13:20.000Z',
    );
    expect(buildInfo(PKG, { SOURCE_DATE_EPOCH: 'soon' }, NOW, () => null).date).toBe(
      NOW.toISOString(),
    );
  });

  it('reads the commit of a git checkout, and null elsewhere', () => {
    expect(readGitCommit(process.cwd())).toMatch(/^[0-9a-f]{7,}$/);
    expect(readGitCommit('/')).toBeNull();
  });
});
