import type { Ref } from 'react';

interface FilterFieldProps {
  value: string;
  /** The validation message to show, or undefined (valid, or not yet worth complaining about). */
  error: string | undefined;
  /** A remark that is not an error (e.g. where a long filter is kept). */
  note?: string | undefined;
  inputRef: Ref<HTMLTextAreaElement>;
  onChange: (text: string) => void;
}

export function FilterField({ value, error, note, inputRef, onChange }: FilterFieldProps) {
  const described = [
    'where-hint',
    ...(error ? ['where-error'] : []),
    ...(note ? ['where-note'] : []),
  ];
  return (
    <div className="field filter-field">
      <label htmlFor="where">Field filter (MongoDB JSON)</label>
      <p id="where-hint" className="hint">
        Optional: narrow the records by any field, in MongoDB query syntax, e.g.{' '}
        <code>{'{"bids_meta.MagneticFieldStrength": 3}'}</code> or{' '}
        <code>{'{"snr_total": {"$gt": 10}}'}</code>. Text values are exact and case-sensitive.
      </p>
      <textarea
        id="where"
        ref={inputRef}
        rows={3}
        value={value}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={described.join(' ')}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <p id="where-error" className="field-error">
          {error}
        </p>
      )}
      {note && (
        <p id="where-note" className="hint" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
