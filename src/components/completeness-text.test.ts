import { describe, expect, it } from 'vitest';
import { anomalyClauses, checkSentence, datasetStatus, heldRecords } from './completeness-text.ts';

const none = { duplicates: 0, countMismatches: 0, example: null, implausibleTotals: 0 };

describe('completeness wording', () => {
  it('says how many are missing, out of what, and what Resume does', () => {
    expect(checkSentence({ type: 'missing', count: 30000, missing: 11337 }, 18663)).toBe(
      'Incomplete — 11,337 missing: the server counts 30,000 records for this query and 18,663 are saved. Resume fetches the missing ones.',
    );
    expect(checkSentence({ type: 'verified', count: 5 }, 5)).toBeNull();
  });

  it('names each way the server did not add up, never quoting an impossible count', () => {
    const text = checkSentence(
      {
        type: 'inconsistent',
        anomalies: {
          duplicates: 120,
          countMismatches: 3,
          example: { total: 120, served: 0 },
          implausibleTotals: 2,
        },
      },
      120,
    );
    expect(text).toBe(
      "The server's answers did not add up: it counted 120 records in an answer that carried none (and 2 more such answers); 2 answers gave an impossible count (more records than any MRIQC collection holds); it sent 120 records more than once (each is saved once). The 120 records it sent are saved, but no count from it can be trusted, so the dataset is not marked complete.",
    );
    expect(text).not.toMatch(/\d{1,3}(,\d{3}){3,}/); // nothing of 10 digits or more
    expect(anomalyClauses(none)).toEqual([]);
  });

  it('says a count that could not be taken, and fewer on the server than saved', () => {
    expect(checkSentence({ type: 'unchecked', message: 'Failed to fetch' }, 3)).toMatch(
      /could not be checked \(Failed to fetch\).*Resume checks again/,
    );
    expect(checkSentence({ type: 'surplus', count: 2990, extra: 10 }, 3000)).toMatch(
      /^The server now counts 2,990 records for this query, 10 fewer than the 3,000 saved/,
    );
  });

  it.each([
    [{ complete: true, completeness: { type: 'verified', count: 9 } }, 'Complete'],
    [{ complete: true }, 'Complete'], // saved before the check existed
    [
      { completeness: { type: 'missing', count: 30000, missing: 11337 } },
      'Incomplete — 11,337 missing',
    ],
    [
      { completeness: { type: 'inconsistent', anomalies: none } },
      "Incomplete — the server's counts don't add up",
    ],
    [{ completeness: null, total: 9 }, 'Incomplete: 4 of 9'],
    [{ completeness: null, total: null }, 'Incomplete'],
  ] as const)('lists a dataset as %j → %s', (fields, expected) => {
    expect(datasetStatus({ complete: false, stored: 4, total: 9, ...fields })).toBe(expected);
  });
});

describe('heldRecords', () => {
  it.each([
    [{ complete: true, stored: 20000, total: 20000 }, '20,000 records'],
    [{ complete: true, stored: 1, total: 1 }, '1 record'],
    [
      { complete: false, stored: 15928, total: 30000 },
      '15,928 of 30,000 records — download incomplete',
    ],
    [{ complete: false, stored: 120, total: null }, '120 records — download incomplete'],
    // A server that now counts fewer than are saved: never "of" a smaller number.
    [{ complete: false, stored: 500, total: 480 }, '500 records — download incomplete'],
  ])('%j → %s', (ds, expected) => {
    expect(heldRecords(ds)).toBe(expected);
  });
});
