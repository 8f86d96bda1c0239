import { describe, expect, it } from 'vitest';
import { formatCell, formatNumber } from './format-cell.ts';

describe('formatNumber', () => {
  it.each([
    [3, '3'],
    [-12, '-12'],
    [0.452317, '0.4523'],
    [0.45, '0.45'],
    [12.3456, '12.346'],
    [1.5, '1.5'],
    [123456.78, '123456.8'],
    [0.0012345, '0.0012'],
    [0.000012345, '1.23e-5'],
    [12345678.9, '1.23e+7'],
    [-0.5, '-0.5'],
  ])('%s → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('formatCell', () => {
  it('right-aligns numbers and keeps the full value for the tooltip', () => {
    expect(formatCell(0.123456789)).toEqual({
      text: '0.1235',
      title: '0.123456789',
      numeric: true,
      missing: false,
    });
  });

  it('shows strings exactly as served, HTML included (React renders it as text)', () => {
    const html = '<img src=x onerror=alert(1)>';
    expect(formatCell(html)).toMatchObject({ text: html, title: html, numeric: false });
  });

  it('cuts very long strings on screen but keeps them whole in the title', () => {
    const long = 'x'.repeat(100_000);
    const cell = formatCell(long);
    expect(cell.text.length).toBeLessThan(400);
    expect(cell.text.endsWith('…')).toBe(true);
    expect(cell.title).toBe(long);
  });

  it('marks missing values (undefined and null) as missing, not as text', () => {
    expect(formatCell(undefined)).toMatchObject({ text: '', missing: true });
    expect(formatCell(null)).toMatchObject({ text: '', missing: true });
    expect(formatCell('')).toMatchObject({ text: '', missing: false });
  });

  it('writes booleans and objects as the export does', () => {
    expect(formatCell(true).text).toBe('true');
    expect(formatCell([1, 2]).text).toBe('[1,2]');
  });
});
