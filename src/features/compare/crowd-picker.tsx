import { type CrowdChoice, describeCrowd, SMALL_CROWD } from '../../compare/crowd-spec.ts';
import type { CrowdOptions } from './use-crowd.ts';

/** A select whose first option is "any"; '' stands for null. */
function MatchSelect(props: {
  label: string;
  value: string | null;
  values: readonly string[];
  any: string;
  format?: (value: string) => string;
  onChange: (value: string | null) => void;
}) {
  const { label, value, values, any, format = (v) => v, onChange } = props;
  // A value from the URL the dataset doesn't hold stays visible (it matches nothing).
  const shown = value !== null && !values.includes(value) ? [value, ...values] : values;
  return (
    <label className="compare-crowd-field">
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{any}</option>
        {shown.map((v) => (
          <option key={v} value={v}>
            {format(v)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Which crowd: unique scans or every upload, matched on scanner, field, MRIQC versions. */
export function CrowdPicker(props: {
  choice: CrowdChoice;
  options: CrowdOptions | null;
  tableFilters: number;
  /** The crowd's size; null while it is computed. */
  n: number | null;
  onChange: (patch: Partial<CrowdChoice>) => void;
}) {
  const { choice, options, tableFilters, n, onChange } = props;
  return (
    <fieldset className="compare-crowd">
      <legend>The crowd</legend>
      <div className="compare-crowd-row" role="radiogroup" aria-label="Crowd records">
        <label className="inline-check">
          <input
            type="radio"
            name="compare-crowd-uploads"
            checked={choice.uploads === 'unique'}
            onChange={() => onChange({ uploads: 'unique' })}
          />
          Unique scans
        </label>
        <label className="inline-check">
          <input
            type="radio"
            name="compare-crowd-uploads"
            checked={choice.uploads === 'all'}
            onChange={() => onChange({ uploads: 'all' })}
          />
          Every upload
        </label>
        {tableFilters > 0 ? (
          <label className="inline-check">
            <input
              type="checkbox"
              checked={choice.tableFilters}
              onChange={(e) => onChange({ tableFilters: e.target.checked })}
            />
            Apply the table's {tableFilters === 1 ? 'filter' : `${tableFilters} filters`}
          </label>
        ) : null}
      </div>
      <div className="compare-crowd-row">
        {options?.makers ? (
          <MatchSelect
            label="Manufacturer"
            value={choice.maker}
            values={options.makers}
            any="Any"
            onChange={(maker) => onChange({ maker })}
          />
        ) : null}
        {options?.teslas ? (
          <MatchSelect
            label="Field strength"
            value={choice.tesla}
            values={options.teslas}
            any="Any"
            format={(v) => `${v} T`}
            onChange={(tesla) => onChange({ tesla })}
          />
        ) : null}
        {options?.versions ? (
          <>
            <MatchSelect
              label="MRIQC from"
              value={choice.versionFrom}
              values={options.versions}
              any="Earliest"
              onChange={(versionFrom) => onChange({ versionFrom })}
            />
            <MatchSelect
              label="MRIQC to"
              value={choice.versionTo}
              values={options.versions}
              any="Latest"
              onChange={(versionTo) => onChange({ versionTo })}
            />
          </>
        ) : null}
      </div>
      <p className="compare-crowd-n" role="status" data-testid="compare-crowd-n">
        {n === null ? 'Counting the crowd…' : `Crowd: ${describeCrowd(choice, n, tableFilters)}.`}
      </p>
      {n !== null && n < SMALL_CROWD ? (
        <p className="compare-note compare-crowd-small">
          <strong>Small crowd:</strong> only {n.toLocaleString('en-US')} crowd{' '}
          {n === 1 ? 'record' : 'records'}: with fewer than {SMALL_CROWD} the crowd's 1% tails rest
          on one or two records, so percentiles and flags say little. Widen the match to compare
          against more.
        </p>
      ) : null}
    </fieldset>
  );
}
