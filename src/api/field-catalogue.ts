import { iqmsOf } from '../data/iqm-catalog.ts';
import recordFields from '../data/record-fields.json';
import type { Modality } from './eve-url.ts';

/**
 * The fields the filter builder offers (issue 13 §1): BIDS metadata, the IQMs of the modality
 * and provenance, each with its type and, for text, the values real records hold, spelled as
 * they spell them. MongoDB matches text exactly, case included: "siemens" finds nothing, so
 * the builder offers the known spelling instead of guessing.
 */

export type FieldType = 'number' | 'text' | 'boolean';
export type FieldGroup = 'BIDS metadata' | 'IQMs' | 'Provenance';
export const FIELD_GROUPS: readonly FieldGroup[] = ['BIDS metadata', 'IQMs', 'Provenance'];

export type KnownValue = string | number | boolean;

export interface ValueCount {
  value: KnownValue;
  /** How many records hold it, in the sample it was counted in (see `CatalogueField.counted`). */
  count: number;
}

export interface CatalogueField {
  /** The dotted path a filter names: `bids_meta.Manufacturer`, `cjv`, `provenance.version`. */
  path: string;
  /** The path without its group's prefix, as the picker lists it. */
  label: string;
  type: FieldType;
  group: FieldGroup;
  /** Most frequent first; empty when no values are known (numbers need none to be useful). */
  values: readonly ValueCount[];
  /** What the counts count, e.g. "745 real bold records"; absent without values. */
  counted?: string;
  /** Further distinct values seen but not listed. */
  more?: number;
  description?: string;
}

interface RawField {
  type: string;
  present?: number;
  values?: [KnownValue, number][];
  more?: number;
}

const SAMPLE = `${recordFields.sample.records} real ${recordFields.sample.modality} records`;

function fieldType(raw: string): FieldType {
  return raw === 'number' || raw === 'boolean' ? raw : 'text';
}

/** 3 and 3.0 are one value once parsed (and one to MongoDB): their counts add up. */
function mergedValues(values: readonly [KnownValue, number][]): ValueCount[] {
  const byValue = new Map<KnownValue, number>();
  for (const [value, count] of values) byValue.set(value, (byValue.get(value) ?? 0) + count);
  return [...byValue].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
}

function fromRaw(prefix: string, group: FieldGroup, fields: Record<string, RawField>) {
  return Object.entries(fields).map(([name, raw]): CatalogueField => {
    const values = mergedValues(raw.values ?? []);
    return {
      path: `${prefix}.${name}`,
      label: name,
      type: fieldType(raw.type),
      group,
      values,
      ...(values.length > 0 ? { counted: SAMPLE } : {}),
      ...(raw.more ? { more: raw.more } : {}),
    };
  });
}

const BIDS = fromRaw(
  'bids_meta',
  'BIDS metadata',
  recordFields.bids_meta as unknown as Record<string, RawField>,
);
const PROVENANCE = fromRaw(
  'provenance',
  'Provenance',
  recordFields.provenance as unknown as Record<string, RawField>,
);

const CATALOGUES = new Map<Modality, readonly CatalogueField[]>();

/**
 * Every field of a modality's records the builder offers, grouped BIDS metadata, IQMs,
 * provenance (in that order).
 * @example fieldCatalogue('bold').find((f) => f.path === 'tsnr')?.type // 'number'
 */
export function fieldCatalogue(modality: Modality): readonly CatalogueField[] {
  let catalogue = CATALOGUES.get(modality);
  if (!catalogue) {
    const iqms = iqmsOf(modality).map(
      (iqm): CatalogueField => ({
        path: iqm.name,
        label: iqm.name,
        type: 'number',
        group: 'IQMs',
        values: [],
        description: iqm.description,
      }),
    );
    catalogue = [...BIDS, ...iqms, ...PROVENANCE];
    CATALOGUES.set(modality, catalogue);
  }
  return catalogue;
}

/** The catalogue's entry for a path, or undefined for a field it doesn't know (any path may be typed). */
export function catalogueField(modality: Modality, path: string): CatalogueField | undefined {
  return fieldCatalogue(modality).find((field) => field.path === path);
}

/**
 * The known values of a field with values from elsewhere (a stored dataset, a sample of the
 * query) added after them: the catalogue's counts stay, a value it lacks comes in with the
 * count it was given.
 */
export function withValues(field: CatalogueField, extra: readonly ValueCount[]): CatalogueField {
  const known = new Set(field.values.map((v) => v.value));
  const added = extra.filter((v) => !known.has(v.value));
  return added.length === 0 ? field : { ...field, values: [...field.values, ...added] };
}

export type SpellingCheck =
  | { type: 'known' }
  | { type: 'unknown' }
  /** Known, but only in another case: matching is case-sensitive, so offer this spelling. */
  | { type: 'case'; spelling: string };

/**
 * Whether a typed text is a value the field is known to hold, as typed.
 * @example checkSpelling(catalogueField('bold', 'bids_meta.Manufacturer')!, 'siemens')
 *   // {type: 'case', spelling: 'Siemens'}
 */
export function checkSpelling(field: CatalogueField, text: string): SpellingCheck {
  const texts = field.values.map((v) => String(v.value));
  if (texts.includes(text)) return { type: 'known' };
  const lower = text.toLowerCase();
  const other = texts.find((known) => known.toLowerCase() === lower);
  return other === undefined ? { type: 'unknown' } : { type: 'case', spelling: other };
}
