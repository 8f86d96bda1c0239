import { describe, expect, it } from 'vitest';
import { datasetLabel, datasetSearch, sourceLabel } from './dataset-label.ts';

describe('datasetLabel', () => {
  it('names modality, software, versions and filter', () => {
    expect(
      datasetLabel({
        source: 'http://127.0.0.1:5174/api/v1',
        modality: 'bold',
        software: 'mriqc',
        versions: '23.1.0,22.0.6',
        where: '{"bids_meta.RepetitionTime": {"$lt": 1}}',
      }),
    ).toBe('bold · mriqc · 23.1.0, 22.0.6 · where {"bids_meta.RepetitionTime": {"$lt": 1}}');
    expect(datasetLabel({ modality: 'T1w', software: '' })).toBe(
      'T1w · any software · all versions',
    );
  });

  it('says where the records came from', () => {
    expect(sourceLabel('https://mriqc.nimh.nih.gov/api/v1')).toBe('MRIQC Web API');
    expect(sourceLabel('http://127.0.0.1:5224/api/v1')).toBe('127.0.0.1:5224');
  });

  it('rebuilds the query URL from the stored params', () => {
    const query = { source: 'http://127.0.0.1:5174/api/v1', modality: 'T1w', where: '{"a": 1}' };
    const params = new URLSearchParams(datasetSearch(query));
    expect(Object.fromEntries(params)).toEqual(query);
  });
});
