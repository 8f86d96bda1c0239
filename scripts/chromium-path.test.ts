import { describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, findChromium } from './chromium-path.ts';

const onDisk =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('findChromium', () => {
  it.each([
    {
      name: 'CHROMIUM_PATH wins when the file exists',
      env: { CHROMIUM_PATH: '/opt/chrome' },
      files: ['/opt/chrome', DEBIAN_CHROMIUM],
      expected: { type: 'found', path: '/opt/chrome', from: 'CHROMIUM_PATH' },
    },
    {
      name: "Debian's package when CHROMIUM_PATH is unset",
      env: {},
      files: [DEBIAN_CHROMIUM, '/pw/chrome'],
      expected: { type: 'found', path: DEBIAN_CHROMIUM, from: "Debian's chromium package" },
    },
    {
      name: "Playwright's download as the last resort",
      env: {},
      files: ['/pw/chrome'],
      expected: { type: 'found', path: undefined, from: 'Playwright' },
    },
  ])('$name', ({ env, files, expected }) => {
    const lookup = findChromium({ env, exists: onDisk(...files), bundledPath: () => '/pw/chrome' });
    expect(lookup).toEqual(expected);
  });

  it('names both fixes when no browser exists', () => {
    const lookup = findChromium({ env: {}, exists: onDisk(), bundledPath: () => '/pw/chrome' });
    expect(lookup.type).toBe('missing');
    if (lookup.type !== 'missing') return;
    expect(lookup.message).toContain('apt-get install -y chromium');
    expect(lookup.message).toContain('npx playwright install chromium');
  });

  it('says so when CHROMIUM_PATH points nowhere instead of silently falling back', () => {
    const lookup = findChromium({
      env: { CHROMIUM_PATH: '/nope' },
      exists: onDisk(DEBIAN_CHROMIUM),
      bundledPath: () => '',
    });
    expect(lookup).toMatchObject({ type: 'missing' });
    if (lookup.type === 'missing') expect(lookup.message).toContain('/nope');
  });
});
