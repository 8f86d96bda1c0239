/**
 * Fields offered as facets before a download, with the values to count. Eve has no
 * aggregation, so a facet can only count values it knows to ask for; what they leave out is
 * shown as the rest of the total ("other values").
 */
export interface FacetField {
  field: string;
  label: string;
  /** Values to count, most likely first; counted a batch at a time (`batch`). */
  values: readonly (string | number | boolean)[];
  batch: number;
  /** Every record has it (the schema requires it): no "not recorded" count. */
  required?: boolean;
}

export const MANUFACTURER: FacetField = {
  field: 'bids_meta.Manufacturer',
  label: 'Manufacturer',
  // "Siemens", "Philips", "GE": as real API records spell them (field-stats of 745 real bold
  // records, see README). Then the other vendors as dcm2niix writes them, then the upper-case
  // DICOM spellings older converters passed through — matching is case-sensitive.
  values: [
    'Siemens',
    'Philips',
    'GE',
    'Canon',
    'Toshiba',
    'Hitachi',
    'UIH',
    'SIEMENS',
    'Philips Medical Systems',
    'GE MEDICAL SYSTEMS',
  ],
  batch: 6,
};

export const FIELD_STRENGTH: FacetField = {
  field: 'bids_meta.MagneticFieldStrength',
  label: 'MagneticFieldStrength',
  // Tesla. 3 matches 3.0 too (MongoDB compares numbers by value); 2.89 is how Siemens Trio
  // systems report their field; 0.55 low-field, 9.4 research scanners.
  values: [3, 1.5, 7, 2.89, 0.55, 9.4],
  batch: 6,
};

/** MRIQC version: its values are the selected versions, else the release list (query form). */
export const VERSION_FIELD = 'provenance.version';
export const VERSION_BATCH = 8;
