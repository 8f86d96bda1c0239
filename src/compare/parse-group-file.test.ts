import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modalityMismatch } from './file-modality.ts';
import { parseGroupFile } from './parse-group-file.ts';

/** Real MRIQC group files (see e2e/fixtures/README.md for their source and licence). */
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', 'e2e', 'fixtures', name), 'utf8');
const T1W = fixture('user-group_T1w.tsv');
const BOLD = fixture('user-group_bold.tsv');

/** Rows and cells read the plainest way, to check the parser against. */
function naiveTable(text: string, delimiter = '\t') {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]!.split(delimiter);
  return { header, rows: lines.slice(1).map((line) => line.split(delimiter)) };
}

function parsedOk(text: string) {
  const result = parseGroupFile(text);
  if (result.type !== 'ok') throw new Error(`expected a parsed file, got: ${result.message}`);
  return result;
}

function parsedError(text: string) {
  const result = parseGroupFile(text);
  if (result.type !== 'error') throw new Error('expected an error');
  return result;
}

describe('parseGroupFile on real MRIQC group files', () => {
  it('reads every T1w scan (148) with its values', () => {
    const { header, rows } = naiveTable(T1W);
    expect(rows.length).toBe(148);
    const file = parsedOk(T1W);
    expect(file.scans.length).toBe(rows.length);
    expect(file.scans).toEqual(rows.map((r) => r[header.indexOf('bids_name')]));
    // every column but bids_name is a known structural IQM
    expect(file.iqms).toEqual(header.filter((name) => name !== 'bids_name'));
    expect(file.ignored).toEqual([]);
    expect(file.warnings).toEqual([]);
    for (const iqm of ['cjv', 'snr_wm', 'wm2max']) {
      const column = file.values[file.iqms.indexOf(iqm)]!;
      const expected = rows.map((r) => Number(r[header.indexOf(iqm)]));
      expect(Array.from(column)).toEqual(expected);
    }
    expect(file.modality).toMatchObject({ type: 'known', modality: 'T1w' });
  });

  it('reads every bold run and knows it is bold', () => {
    const { rows } = naiveTable(BOLD);
    const file = parsedOk(BOLD);
    expect(file.scans.length).toBe(rows.length);
    expect(file.iqms).toContain('tsnr');
    expect(file.modality).toMatchObject({ type: 'known', modality: 'bold' });
  });

  it('reads the same table saved as CSV, with Windows line ends and a byte-order mark', () => {
    const csv = `\uFEFF${T1W.replaceAll('\t', ',').replaceAll('\n', '\r\n')}`;
    const tsv = parsedOk(T1W);
    const file = parsedOk(csv);
    expect(file.delimiter).toBe('comma');
    expect(file.scans).toEqual(tsv.scans);
    expect(file.values).toEqual(tsv.values);
  });
});

describe('parseGroupFile on bad files', () => {
  it('names the delimiter it found and the ones it expected (a ;-separated export)', () => {
    const error = parsedError('bids_name;cjv;cnr\nsub-01_T1w;0,45;2,9\n');
    expect(error.code).toBe('delimiter');
    expect(error.message).toContain('semicolons (;)');
    expect(error.message).toContain('tab-separated');
    expect(error.message).toContain('comma-separated');
  });

  it('says bids_name is missing and lists the columns it found', () => {
    const error = parsedError('subject\tcjv\tcnr\nsub-01\t0.4\t3\n');
    expect(error.code).toBe('no-bids-name');
    expect(error.message).toContain('bids_name');
    expect(error.message).toContain('subject, cjv, cnr');
  });

  it('says there are no IQM columns', () => {
    const error = parsedError('bids_name\tage\tsex\nsub-01_T1w\t31\tF\n');
    expect(error.code).toBe('no-iqms');
    expect(error.message).toContain('no IQM columns');
    expect(error.message).toContain('age, sex');
  });

  it('keeps non-numeric cells as missing, counts them and names the column and first line', () => {
    const text = [
      'bids_name\tcjv\tcnr',
      'sub-01_T1w\t0.5\tabc',
      'sub-02_T1w\tx\t3',
      'sub-03_T1w\t0.6\tdef',
      'sub-04_T1w\tn/a\t',
    ].join('\n');
    const file = parsedOk(text);
    expect(file.scans).toEqual(['sub-01_T1w', 'sub-02_T1w', 'sub-03_T1w', 'sub-04_T1w']);
    const [cjv, cnr] = file.values;
    expect(Array.from(cjv!)).toEqual([0.5, Number.NaN, 0.6, Number.NaN]);
    expect(Array.from(cnr!)).toEqual([Number.NaN, 3, Number.NaN, Number.NaN]);
    // n/a and an empty cell are missing values, not mistakes: not counted
    expect(file.nonNumeric).toEqual([1, 2]);
    expect(file.warnings).toContain(
      'Column cjv: 1 cell is not a number (first on line 3: "x"), kept as missing.',
    );
    expect(file.warnings).toContain(
      'Column cnr: 2 cells are not a number (first on line 2: "abc"), kept as missing.',
    );
  });

  it('refuses an empty file and one with only a header', () => {
    expect(parsedError('').code).toBe('empty');
    expect(parsedError(' \n\n').message).toContain('empty');
    const headerOnly = parsedError('bids_name\tcjv\n');
    expect(headerOnly.code).toBe('no-scans');
    expect(headerOnly.message).toContain('no scans');
  });

  it('refuses a 50 MB file with its size and the limit', () => {
    const rows = T1W.split('\n').slice(1).join('\n');
    let text = T1W;
    while (text.length < 50 * 1024 * 1024) text += `\n${rows}`;
    const error = parsedError(text);
    expect(error.code).toBe('too-large');
    expect(error.message).toContain(`${(text.length / 1024 / 1024).toFixed(1)} MB`);
    expect(error.message).toContain('up to 20 MB');
  });

  it('leaves out columns that are not IQMs, and says so', () => {
    const file = parsedOk('bids_name\tsession\tcjv\nsub-01_T1w\t1\t0.4\n');
    expect(file.iqms).toEqual(['cjv']);
    expect(file.warnings).toEqual(['Not compared (not MRIQC IQMs): session.']);
  });
});

describe('a group file of another modality than the crowd dataset', () => {
  it('a bold file against a T1w dataset: says so and suggests bold', () => {
    const mismatch = modalityMismatch(parsedOk(BOLD).modality, 'T1w');
    expect(mismatch?.fileModality).toBe('bold');
    expect(mismatch?.message).toContain('This is a bold group file');
    expect(mismatch?.message).toContain('is T1w');
    expect(mismatch?.message).toContain('Switch the Modality to bold');
  });

  it('a T1w file fits T1w, and a T2w dataset is told apart by the scan names', () => {
    const t1w = parsedOk(T1W).modality;
    expect(modalityMismatch(t1w, 'T1w')).toBeNull();
    expect(modalityMismatch(t1w, 'T2w')?.message).toContain('scan names end in _T1w');
    expect(modalityMismatch(t1w, 'bold')?.fileModality).toBe('T1w');
  });

  it('structural IQMs with scan names that say nothing fit either T1w or T2w', () => {
    const file = parsedOk('bids_name\tcjv\tcnr\nscan-a\t0.4\t3\n');
    expect(file.modality.type).toBe('structural');
    expect(modalityMismatch(file.modality, 'T2w')).toBeNull();
    expect(modalityMismatch(file.modality, 'bold')?.message).toContain(
      'Switch the Modality to T1w or T2w',
    );
  });
});
