import type { DedupKeep, DedupKey } from '../../frame/dedup.ts';
import type { RowsView, ViewSpec } from '../../frame/view-spec.ts';

const ROWS: readonly { id: RowsView; label: string; hint: string }[] = [
  { id: 'all', label: 'All', hint: 'every stored upload' },
  { id: 'unique', label: 'Unique', hint: 'one upload per scan (md5sum)' },
  { id: 'duplicates', label: 'Duplicates', hint: 'only scans uploaded more than once' },
];

interface RowsControlsProps {
  readonly spec: ViewSpec;
  readonly updateSpec: (patch: Partial<ViewSpec>) => void;
}

/** Which rows the table shows (all / unique / duplicates) and how duplicates are found. */
export function RowsControls({ spec, updateSpec }: RowsControlsProps) {
  return (
    <div className="rows-controls">
      <fieldset className="segmented">
        <legend>Rows</legend>
        {ROWS.map((option) => (
          <label key={option.id} title={option.hint}>
            <input
              type="radio"
              name="rows-view"
              value={option.id}
              checked={spec.show === option.id}
              onChange={() => updateSpec({ show: option.id })}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </fieldset>
      <label className="field-inline">
        <span>Duplicate key</span>
        <select
          value={spec.dedup}
          onChange={(e) => updateSpec({ dedup: e.target.value as DedupKey })}
        >
          <option value="md5sum">md5sum</option>
          <option value="md5sum+version">md5sum + MRIQC version</option>
        </select>
      </label>
      <label className="field-inline">
        <span>Keep</span>
        <select
          value={spec.keep}
          onChange={(e) => updateSpec({ keep: e.target.value as DedupKeep })}
        >
          <option value="first">first upload (by _created)</option>
          <option value="last">last upload (by _created)</option>
        </select>
      </label>
      {spec.show === 'duplicates' && spec.sort.length === 0 ? (
        <p className="rows-note">
          Copies of one scan sit together: sorted by{' '}
          {spec.dedup === 'md5sum' ? 'md5sum' : 'md5sum and MRIQC version'}, then upload time
          (_created). Click a column header to sort otherwise.
        </p>
      ) : null}
    </div>
  );
}
