import { describe, expect, it } from 'vitest';
import { type CaptionFacts, captionDate, figureCaption, wrapText } from './figure-caption.ts';

const FACTS: CaptionFacts = {
  source: 'https://mriqc.nimh.nih.gov/api/v1',
  synthetic: false,
  query: 'T1w · mriqc · all versions',
  show: 'all',
  filters: [],
  records: 12345,
  unique: 9876,
  uniqueBy: 'md5sum',
  chart: '',
  date: new Date(Date.UTC(2026, 11, 4, 5, 7, 59)),
  appVersion: '0.3.0',
};

describe('figure caption', () => {
  it('names the source, query, view, counts and date of a public-API figure', () => {
    expect(figureCaption(FACTS)).toEqual([
      'Source: MRIQC Web API, https://mriqc.nimh.nih.gov/api/v1',
      'Query: T1w · mriqc · all versions',
      'View: all uploads',
      'Charted: 12,345 records, 9,876 unique scans (one per md5sum)',
      'Made 2026-12-04 05:07 UTC with CrowdMRI Explorer v0.3.0',
    ]);
  });

  it('says mirror data are synthetic, and lists the view and the chart’s own counts', () => {
    const lines = figureCaption({
      ...FACTS,
      source: 'http://127.0.0.1:5174/api/v1',
      synthetic: true,
      show: 'unique',
      filters: ['bids_meta.Manufacturer:in:["GE"]', 'cjv:range:0.2..'],
      chart: 'cjv: 12,000 with a value',
    });
    expect(lines[0]).toContain('Synthetic demo data');
    expect(lines[0]).toContain('http://127.0.0.1:5174/api/v1');
    expect(lines[2]).toBe(
      'View: unique scans only; 2 column filters: bids_meta.Manufacturer:in:["GE"] AND cjv:range:0.2..',
    );
    expect(lines[3]).toBe(
      'Charted: 12,345 records, 9,876 unique scans (one per md5sum); cjv: 12,000 with a value',
    );
  });

  it('cuts a very long query and says how long it was', () => {
    const where = `where {"a": "${'x'.repeat(2000)}"}`;
    const line = figureCaption({ ...FACTS, query: where })[1]!;
    expect(line.length).toBeLessThan(500);
    expect(line).toContain(`${where.length.toLocaleString('en-US')} characters in all`);
  });

  it('dates in UTC to the minute', () => {
    expect(captionDate(new Date('2026-01-02T23:59:30+02:00'))).toBe('2026-01-02 21:59 UTC');
  });
});

describe('wrapText', () => {
  const chars = (s: string) => s.length;

  it('breaks at spaces without passing the width', () => {
    expect(wrapText('the quick brown fox jumps', 10, chars)).toEqual([
      'the quick',
      'brown fox',
      'jumps',
    ]);
  });

  it('cuts a word wider than a line, losing no character', () => {
    const lines = wrapText('where {"bids_meta.Manufacturer":"Siemens"} end', 12, chars);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(12);
    expect(lines.join('').replaceAll(' ', '')).toBe('where{"bids_meta.Manufacturer":"Siemens"}end');
  });

  it('gives nothing for blank text and one line for short text', () => {
    expect(wrapText('   ', 10, chars)).toEqual([]);
    expect(wrapText('short', 10, chars)).toEqual(['short']);
  });
});
