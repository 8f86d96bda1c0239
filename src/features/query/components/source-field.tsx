import type { Modality } from '../../../api/eve-url.ts';
import type { ProbedSource } from '../hooks/use-source-probes.ts';
import { describeStatus } from '../messages.ts';

interface SourceFieldProps {
  value: string;
  sources: ProbedSource[];
  modality: Modality;
  onChange: (base: string) => void;
  /** The list was opened (pointer or key): time to ask the sources not yet asked. */
  onOpenList: () => void;
  onRecheck: () => void;
}

/** The "Data source" selector, with what each source answered to a one-record request. */
export function SourceField(props: SourceFieldProps) {
  const { value, sources, modality, onChange, onOpenList, onRecheck } = props;
  return (
    <div className="field">
      <label htmlFor="source">Data source</label>
      <select
        id="source"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        // A native select opens on a press or a key (Space, Enter, arrows, Alt+Down); merely
        // tabbing past it asks nothing.
        onPointerDown={onOpenList}
        onKeyDown={(event) => {
          if (event.key !== 'Tab' && event.key !== 'Shift') onOpenList();
        }}
      >
        {sources.map((source) => (
          <option key={source.base} value={source.base}>
            {source.option}
          </option>
        ))}
      </select>
      <div className="source-status">
        <ul aria-label="Data source status" aria-live="polite">
          {sources.map((source) => (
            <li key={source.base} data-source={source.kind} data-state={source.status.type}>
              <span className={`dot dot-${source.status.type}`} aria-hidden="true" />
              <span className="source-short">{source.short}:</span>{' '}
              {describeStatus(source.status, modality)}
            </li>
          ))}
        </ul>
        <button type="button" className="link-button" onClick={onRecheck}>
          Check again
        </button>
      </div>
    </div>
  );
}
