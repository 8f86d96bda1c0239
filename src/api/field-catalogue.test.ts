import { describe, expect, it } from 'vitest';
import { iqmsOf } from '../data/iqm-catalog.ts';
import {
  catalogueField,
  checkSpelling,
  FIELD_GROUPS,
  fieldCatalogue,
  withValues,
} from './field-catalogue.ts';
import { operatorsFor } from './filter-conditions.ts';

describe('field catalogue', () => {
  it('offers BIDS metadata, every IQM of the modality and provenance, in that order', () => {
    for (const modality of ['T1w', 'T2w', 'bold'] as const) {
      const catalogue = fieldCatalogue(modality);
      const groups = [...new Set(catalogue.map((field) => field.group))];
      expect(groups).toEqual(FIELD_GROUPS);
      const iqms = catalogue.filter((field) => field.group === 'IQMs').map((field) => field.path);
      expect(iqms).toEqual(iqmsOf(modality).map((iqm) => iqm.name));
      expect(new Set(catalogue.map((field) => field.path)).size).toBe(catalogue.length);
    }
    expect(catalogueField('bold', 'tsnr')?.type).toBe('number');
    expect(catalogueField('T1w', 'tsnr')).toBeUndefined();
    expect(catalogueField('T1w', 'cjv')?.group).toBe('IQMs');
  });

  it('lists known text values as real records spell them, with counts, most frequent first', () => {
    const manufacturer = catalogueField('bold', 'bids_meta.Manufacturer')!;
    expect(manufacturer.values.map((v) => v.value)).toEqual(['Siemens', 'Philips', 'GE']);
    expect(manufacturer.values.map((v) => v.count)).toEqual([421, 163, 88]);
    expect(manufacturer.counted).toBe('745 real bold records');
    const version = catalogueField('T1w', 'provenance.version')!;
    expect(version.values[0]).toEqual({ value: '0.16.1', count: 329 });
    // Hashes: no value is worth offering.
    expect(catalogueField('bold', 'provenance.md5sum')!.values).toEqual([]);
    expect(catalogueField('bold', 'bids_meta.subject_id')!.values).toEqual([]);
  });

  it('counts 3 and 3.0 as one field strength', () => {
    // field-stats lists [3.0, 622] and [3, 50]: JSON reads both as 3.
    expect(catalogueField('bold', 'bids_meta.MagneticFieldStrength')!.values).toEqual([
      { value: 3, count: 672 },
    ]);
  });

  it('says when a typed value is known only in another case', () => {
    const manufacturer = catalogueField('bold', 'bids_meta.Manufacturer')!;
    expect(checkSpelling(manufacturer, 'siemens')).toEqual({ type: 'case', spelling: 'Siemens' });
    expect(checkSpelling(manufacturer, 'GE')).toEqual({ type: 'known' });
    expect(checkSpelling(manufacturer, 'Canon')).toEqual({ type: 'unknown' });
  });

  it('adds values from elsewhere after the known ones, keeping the known counts', () => {
    const manufacturer = catalogueField('bold', 'bids_meta.Manufacturer')!;
    const added = withValues(manufacturer, [
      { value: 'GE', count: 5 },
      { value: 'Canon', count: 2 },
    ]);
    expect(added.values.map((v) => [v.value, v.count])).toEqual([
      ['Siemens', 421],
      ['Philips', 163],
      ['GE', 88],
      ['Canon', 2],
    ]);
  });

  it('offers ordering on numbers only', () => {
    expect(operatorsFor('number')).toEqual(['=', '≠', 'in', '<', '≤', '>', '≥', 'exists']);
    expect(operatorsFor('text')).toEqual(['=', '≠', 'in', 'exists']);
    expect(operatorsFor('boolean')).toEqual(['=', '≠', 'exists']);
    expect(operatorsFor(undefined)).toHaveLength(8);
  });
});
