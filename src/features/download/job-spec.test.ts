import { describe, expect, it } from 'vitest';
import { canonicalQueryKey, type ExplorerQuery } from '../../api/explorer-query.ts';
import { toJobSpec } from './job-spec.ts';

const query: ExplorerQuery = {
  source: 'http://127.0.0.1:5174/api/v1',
  modality: 'T1w',
  software: 'mriqc',
  versions: ['23.1.0', '22.0.6'],
  where: '{"size_x": 256}',
  extra: [['view', 'table']],
};

describe('toJobSpec', () => {
  it('names the dataset by the canonical key and sends the one merged filter', () => {
    const job = toJobSpec(query, 'download', 3);
    expect(job).toEqual({
      type: 'valid',
      spec: {
        datasetKey: canonicalQueryKey(query),
        query: {
          source: 'http://127.0.0.1:5174/api/v1',
          modality: 'T1w',
          software: 'mriqc',
          versions: '23.1.0,22.0.6',
          where: '{"size_x": 256}',
        },
        apiBase: 'http://127.0.0.1:5174/api/v1',
        modality: 'T1w',
        filter: {
          'provenance.software': 'mriqc',
          'provenance.version': { $in: ['23.1.0', '22.0.6'] },
          size_x: 256,
        },
        mode: 'download',
        concurrency: 3,
      },
    });
  });

  it('the same records in another order name the same dataset', () => {
    const a = toJobSpec(query, 'refresh', 4);
    const b = toJobSpec({ ...query, versions: ['22.0.6', '23.1.0'], extra: [] }, 'refresh', 4);
    expect(
      a.type === 'valid' && b.type === 'valid' && a.spec.datasetKey === b.spec.datasetKey,
    ).toBe(true);
  });

  it('takes the plan from the `plan` URL param, and only a known one', () => {
    const withPlan = (plan: string) => {
      const job = toJobSpec({ ...query, extra: [['plan', plan]] }, 'download', 4);
      return job.type === 'valid' ? job.spec.strategy : 'invalid';
    };
    expect([withPlan('pages'), withPlan('keyset'), withPlan('fastest')]).toEqual([
      'pages',
      'keyset',
      undefined,
    ]);
  });

  it('takes the chunk size from the `chunk` URL param, 100–100,000 records only', () => {
    const withChunk = (chunk: string) => {
      const job = toJobSpec({ ...query, extra: [['chunk', chunk]] }, 'download', 4);
      return job.type === 'valid' ? job.spec.chunkRecords : 'invalid';
    };
    expect(['1000', '100', '99', '1e9', 'x', '250.5'].map(withChunk)).toEqual([
      1000,
      100,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('refuses a filter that is not JSON', () => {
    expect(toJobSpec({ ...query, where: '{"size_x": ' }, 'download', 4).type).toBe('invalid');
  });
});

describe('toJobSpec: sources', () => {
  it.each(['data:application/json,{}', 'javascript:alert(1)', 'blob:http://x/1', 'file:///etc'])(
    'refuses %s, naming its scheme',
    (source) => {
      const job = toJobSpec({ ...query, source }, 'download', 4);
      const scheme = source.slice(0, source.indexOf(':') + 1);
      expect(job).toMatchObject({ type: 'refused', error: { kind: 'scheme' } });
      expect(job.type === 'refused' && job.error.message).toContain(`a ${scheme} address`);
    },
  );

  it('accepts https', () => {
    expect(
      toJobSpec({ ...query, source: 'https://mriqc.nimh.nih.gov/api/v1' }, 'download', 4),
    ).toMatchObject({ type: 'valid' });
  });
});
