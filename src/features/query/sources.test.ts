import { describe, expect, it } from 'vitest';
import { describeSource, listSources, MIRROR_API, PUBLIC_API } from './sources.ts';

describe('sources', () => {
  it('knows the public API and the mirror, trailing slash or not', () => {
    expect(describeSource(`${PUBLIC_API}/`).kind).toBe('public');
    expect(describeSource(MIRROR_API).kind).toBe('mirror');
    expect(describeSource(MIRROR_API).option).toMatch(/synthetic/);
  });

  it('offers the two known sources, plus a third only when the URL names one', () => {
    expect(listSources(PUBLIC_API).map((source) => source.kind)).toEqual(['public', 'mirror']);
    expect(listSources(`${MIRROR_API}/`).map((source) => source.kind)).toEqual([
      'public',
      'mirror',
    ]);
    expect(listSources('http://10.0.0.5:8080/api/v1').map((source) => source.short)).toEqual([
      'Public MRIQC Web API',
      'Local mirror',
      '10.0.0.5:8080',
    ]);
  });
});
