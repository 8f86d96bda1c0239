/** Which IQMs get a column (and a chart); flags always count every IQM compared. */
export function IqmPicker(props: {
  compared: readonly string[];
  shown: readonly string[];
  onChange: (shown: string[]) => void;
}) {
  const { compared, shown, onChange } = props;
  const toggle = (iqm: string, on: boolean) => {
    const next = new Set(shown);
    if (on) next.add(iqm);
    else next.delete(iqm);
    onChange(compared.filter((name) => next.has(name)));
  };
  return (
    <details className="compare-picker">
      <summary>
        IQM columns: {shown.length} of {compared.length} shown
      </summary>
      <fieldset>
        <legend className="visually-hidden">IQMs shown in the table and charts</legend>
        <div className="compare-picker-actions">
          <button type="button" className="link-button" onClick={() => onChange([...compared])}>
            Show all
          </button>
          <button type="button" className="link-button" onClick={() => onChange([])}>
            Hide all
          </button>
        </div>
        <div className="compare-picker-list">
          {compared.map((iqm) => (
            <label key={iqm} className="inline-check">
              <input
                type="checkbox"
                checked={shown.includes(iqm)}
                onChange={(event) => toggle(iqm, event.target.checked)}
              />
              {iqm}
            </label>
          ))}
        </div>
      </fieldset>
    </details>
  );
}
