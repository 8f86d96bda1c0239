import { describe, expect, it } from 'vitest';
import { Rng } from './random.ts';
import { loadReferenceData } from './reference-data.ts';
import { VersionModel } from './version-model.ts';

const tags = loadReferenceData().versionTags;
const released = new Map(tags.map((t) => [t.tag, Date.parse(`${t.date}T00:00:00Z`) / 1000]));

describe('VersionModel', () => {
  const model = new VersionModel(tags);

  it('picks tags released before the upload and at most three years old', () => {
    const rng = new Rng('versions');
    const at = Date.UTC(2021, 5, 15) / 1000;
    const picks = Array.from({ length: 2000 }, () => model.pick(rng, at));
    const tagged = picks.filter((p) => released.has(p.version));
    expect(tagged.length).toBeGreaterThan(1900);
    for (const p of tagged) {
      expect(p.released).toBeLessThanOrEqual(at);
      // Tables are per month, so "three years" counts from the month start.
      expect(at - p.released).toBeLessThanOrEqual((3 * 365 + 31) * 86_400);
    }
    const counts = new Map<string, number>();
    for (const p of tagged) counts.set(p.version, (counts.get(p.version) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(['0.16.1', '0.16.0', '0.15.2']).toContain(top);
  });

  it('spells a small share of versions oddly (dev builds, bare SHAs, placeholders)', () => {
    const rng = new Rng('odd');
    const picks = Array.from({ length: 20_000 }, () =>
      model.pick(rng, Date.UTC(2023, 0, 1) / 1000),
    );
    const odd = picks.filter((p) => !released.has(p.version)).map((p) => p.version);
    expect(odd.length / picks.length).toBeGreaterThan(0.008);
    expect(odd.length / picks.length).toBeLessThan(0.025);
    expect(odd.some((v) => /^[0-9a-f]{40}$/.test(v))).toBe(true);
    expect(odd.some((v) => /\.dev\d+\+g[0-9a-f]{7}$/.test(v))).toBe(true);
    expect(odd).toContain('99.99.99');
  });

  it('falls back to the newest tag after the last release', () => {
    const pick = model.pick(new Rng('late'), Date.UTC(2035, 0, 1) / 1000);
    expect(['25.0.0rc0', '24.0.2']).toContain(pick.version.replace(/\.dev.*|\+.*/, ''));
  });
});
