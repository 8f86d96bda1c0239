import { type KeyboardEvent, useId, useState } from 'react';
import { checkFieldName } from '../../../api/field-sample.ts';
import { FIELD_SUGGESTIONS } from '../field-suggestions.ts';

/** "Add a field": names a field to facet on (its values come from a sample of the query). */
export function AddFacet({ onAdd }: { onAdd: (field: string) => void }) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>();
  const id = useId();
  const add = () => {
    const checked = checkFieldName(draft);
    if (checked.type === 'invalid') return setError(checked.message);
    setError(undefined);
    setDraft('');
    onAdd(checked.field);
  };
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter would otherwise submit the whole form (Download).
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };
  return (
    <div className="add-facet">
      <label htmlFor={`${id}-field`}>Add a field</label>
      <input
        id={`${id}-field`}
        type="text"
        list={`${id}-fields`}
        value={draft}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKey}
      />
      <button type="button" className="secondary" onClick={add}>
        Add facet
      </button>
      <datalist id={`${id}-fields`}>
        {FIELD_SUGGESTIONS.map((field) => (
          <option key={field} value={field} />
        ))}
      </datalist>
      {error && (
        <p id={`${id}-error`} className="error-title">
          {error}
        </p>
      )}
    </div>
  );
}
