interface SelectedVersionsProps {
  selected: string[];
  onChange: (versions: string[]) => void;
}

/**
 * The chosen versions as removable chips above the list: a ticked box may sit far down a list of
 * a hundred releases, and the user must see at a glance what the query includes.
 */
export function SelectedVersions({ selected, onChange }: SelectedVersionsProps) {
  if (selected.length === 0) {
    return <p className="versions-summary">All versions</p>;
  }
  return (
    <div className="versions-summary">
      <span>{selected.length} selected:</span>
      <ul className="chips" aria-label="Selected versions">
        {selected.map((version) => (
          <li key={version}>
            {/* The × is drawn by CSS: as text it would be part of what the button shows but
                not of its name, which voice control and axe (label-content-name-mismatch) refuse. */}
            <button
              type="button"
              className="chip"
              aria-label={`Remove version ${version}`}
              onClick={() => onChange(selected.filter((v) => v !== version))}
            >
              {version}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={() => onChange([])}>
        Clear all
      </button>
    </div>
  );
}
