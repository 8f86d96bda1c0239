import { useQueries } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { buildWhere } from '../../../api/eve-url.ts';
import { cleanVersions, type ExplorerQuery, toRecordQuery } from '../../../api/explorer-query.ts';
import { countKey, type FacetValue } from '../../../api/facets.ts';
import { SAMPLE_SIZE, type SampledValue } from '../../../api/field-sample.ts';
import {
  type FacetField,
  FIELD_STRENGTH,
  MANUFACTURER,
  VERSION_BATCH,
  VERSION_FIELD,
} from '../../../data/facet-fields.ts';
import { fieldSampleQueryOptions } from '../hooks/count-query.ts';
import { type FacetPlan, useFacets } from '../hooks/use-facets.ts';
import type { SourceInfo } from '../sources.ts';
import { RELEASES } from '../versions.ts';
import { AddFacet } from './add-facet.tsx';
import { FacetBox } from './facet-box.tsx';

interface FacetsProps {
  query: ExplorerQuery;
  source: SourceInfo;
  /** The source answered its check: counting may start. */
  sourceOk: boolean;
  /** The live count of the same query, once known: what the counted values leave out. */
  total: number | undefined;
  /** A value clicked (or its × to take it back): the query changes in the URL. */
  onPick: (field: string, value: FacetValue, selected: boolean) => void;
  isSelected: (field: string, value: FacetValue) => boolean;
}

/**
 * Counts by value before downloading, as Datasette shows facets: Manufacturer, field strength,
 * MRIQC version. Counted only while shown (each value is a request), a batch of values at a
 * time; a value's link adds it to the query.
 */
export function Facets({ query, source, sourceOk, total, onPick, isSelected }: FacetsProps) {
  const [open, setOpen] = useState(false);
  const [limits, setLimits] = useState<Record<string, number>>({});
  const [added, setAdded] = useState<string[]>([]);
  const id = useId();
  const samples = useFieldSamples(query, added, open && sourceOk);
  const fields = [
    ...facetFields(query.versions),
    ...added.map((field, index) => addedField(field, samples[index])),
  ];
  const shown = (field: FacetField) => limits[field.field] ?? field.batch;
  const plans: FacetPlan[] = fields.map((field) => ({
    field: field.field,
    label: field.label,
    values: field.values.slice(0, shown(field)),
    missing: !field.required,
  }));
  // Closed, nothing is planned: the form re-renders with every download progress event.
  const results = useFacets(query, open ? plans : [], { enabled: open && sourceOk, total });

  return (
    <section className="facets" aria-labelledby={`${id}-title`}>
      <div className="facets-head">
        <h3 id={`${id}-title`}>Counts by value</h3>
        <button
          type="button"
          className="secondary"
          aria-expanded={open}
          aria-controls={`${id}-list`}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide facets' : 'Show facets'}
        </button>
      </div>
      {open && (
        <div id={`${id}-list`} className="facet-list">
          <p className="muted">
            Records of this query on {source.name}
            {source.kind === 'mirror' ? ' (synthetic demo data)' : ''} for each value, one count
            request per value. Click a value to add it to the query.
          </p>
          {!sourceOk ? (
            <p className="muted">Waiting for {source.name} to answer before counting…</p>
          ) : results === null ? (
            <p className="muted">Counting…</p>
          ) : (
            <div className="facet-grid">
              {results.map((result, index) => {
                const field = fields[index]!;
                const more = field.values.length - shown(field);
                return (
                  <FacetBox
                    key={result.field}
                    result={result}
                    source={source}
                    isSelected={(value) => isSelected(result.field, value)}
                    onPick={(value, selected) => onPick(result.field, value, selected)}
                    more={Math.min(more, field.batch)}
                    onMore={() =>
                      setLimits({ ...limits, [field.field]: shown(field) + field.batch })
                    }
                    note={field.note}
                    onRemove={
                      added.includes(field.field)
                        ? () => setAdded(added.filter((f) => f !== field.field))
                        : undefined
                    }
                  />
                );
              })}
            </div>
          )}
          <AddFacet
            onAdd={(field) => {
              if (!added.includes(field) && !fields.some((f) => f.field === field)) {
                setAdded([...added, field]);
              }
            }}
          />
        </div>
      )}
    </section>
  );
}

interface ShownField extends FacetField {
  /** How its values were found, when not from the app's catalogue. */
  note?: string;
}

/** Values of the fields the user added, each from one page of the query's records. */
function useFieldSamples(query: ExplorerQuery, fields: readonly string[], enabled: boolean) {
  const records = toRecordQuery(query);
  const where = records.type === 'valid' ? buildWhere(records.query) : null;
  const whereKey = records.type === 'valid' ? countKey(records.query) : '';
  return useQueries({
    queries: fields.map((field) => ({
      ...fieldSampleQueryOptions(query.source, query.modality, where, whereKey, field),
      enabled: enabled && records.type === 'valid',
    })),
  }).map((result) => ({ values: result.data, error: result.error }));
}

function addedField(
  field: string,
  sample: { values?: SampledValue[]; error: unknown } | undefined,
): ShownField {
  const values = sample?.values?.map((entry) => entry.value) ?? [];
  const note = sample?.error
    ? 'Its values could not be read.'
    : sample?.values === undefined
      ? `Reading its values from ${SAMPLE_SIZE} records…`
      : `Values seen in ${SAMPLE_SIZE} records of this query (the first by _id), counted over all of it.`;
  return { field, label: field, values, batch: 6, note };
}

/** The versions facet counts the chosen versions, or else the final releases newest first. */
function facetFields(versions: readonly string[]): ShownField[] {
  const chosen = cleanVersions(versions);
  const values =
    chosen.length > 0
      ? chosen
      : RELEASES.filter((release) => !release.preRelease).map((release) => release.version);
  const version: FacetField = {
    field: VERSION_FIELD,
    label: 'MRIQC version',
    values,
    batch: chosen.length > 0 ? chosen.length : VERSION_BATCH,
    required: true,
  };
  return [MANUFACTURER, FIELD_STRENGTH, version];
}
