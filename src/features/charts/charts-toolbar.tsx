import { useId } from 'react';
import { GROUP_NAMES, type GroupBy } from './chart-text.ts';

const GROUP_CHOICES: readonly GroupBy[] = ['none', 'manufacturer', 'field', 'version'];

/** Choices that apply to every distribution: grouping, range, and which IQMs are charted. */
export function ChartsToolbar(props: {
  groupBy: GroupBy;
  onGroupBy: (groupBy: GroupBy) => void;
  range: 'p01-p99' | 'full';
  onRange: (range: 'p01-p99' | 'full') => void;
  /** Numeric IQMs of the dataset not charted yet. */
  available: readonly string[];
  onAdd: (name: string) => void;
}) {
  const groupId = useId();
  const addId = useId();
  return (
    <div className="charts-toolbar">
      <div className="field-inline">
        <label htmlFor={groupId}>Group by</label>
        <select
          id={groupId}
          value={props.groupBy}
          onChange={(event) => props.onGroupBy(event.target.value as GroupBy)}
        >
          {GROUP_CHOICES.map((g) => (
            <option key={g} value={g}>
              {GROUP_NAMES[g]}
            </option>
          ))}
        </select>
      </div>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={props.range === 'p01-p99'}
          onChange={(event) => props.onRange(event.target.checked ? 'p01-p99' : 'full')}
        />
        Clip axes to p01–p99 (tails counted under each chart)
      </label>
      <div className="field-inline">
        <label htmlFor={addId}>Add a distribution</label>
        <select
          id={addId}
          value=""
          disabled={props.available.length === 0}
          onChange={(event) => {
            if (event.target.value) props.onAdd(event.target.value);
          }}
        >
          <option value="">Choose an IQM…</option>
          {props.available.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
