import { type KeyboardEvent, useId, useState } from 'react';
import { RELEASES, visibleVersions } from '../versions.ts';
import { SelectedVersions } from './selected-versions.tsx';
import { VersionList } from './version-list.tsx';

interface VersionsFieldProps {
  selected: string[];
  onChange: (versions: string[]) => void;
}

/**
 * "Versions": a list of MRIQC releases to tick (finals newest first, pre-releases on request),
 * one Tab stop, plus a free-text box for anything else a record may carry, such as a git commit.
 */
export function VersionsField({ selected, onChange }: VersionsFieldProps) {
  const [showPreReleases, setShowPreReleases] = useState(false);
  const [draft, setDraft] = useState('');
  // Free-text versions seen in this visit stay listed once unticked, so they can be ticked again.
  const [remembered, setRemembered] = useState<string[]>(selected);
  const id = useId();
  const options = visibleVersions(RELEASES, selected, showPreReleases, remembered);
  const add = () => {
    const version = draft.trim();
    if (version && !selected.includes(version)) onChange([...selected, version]);
    if (version) setRemembered((versions) => [...versions, version]);
    setDraft('');
  };
  const onDraftKey = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter would otherwise submit the whole form (Download) instead of adding the version.
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };

  return (
    <fieldset className="field versions-field" aria-describedby={`${id}-hint`}>
      <legend id={`${id}-legend`}>Versions</legend>
      <p id={`${id}-hint`} className="hint">
        MRIQC versions that computed the metrics. Tick none to include every version.
      </p>
      <SelectedVersions selected={selected} onChange={onChange} />
      <VersionList
        options={options}
        selected={selected}
        onChange={onChange}
        labelledBy={`${id}-legend`}
        describedBy={`${id}-keys`}
      />
      <p id={`${id}-keys`} className="hint version-keys">
        ↑ ↓ move · Space ticks · Shift+↑ ↓ ticks a run · type a version to jump to it
      </p>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={showPreReleases}
          onChange={(event) => setShowPreReleases(event.target.checked)}
        />
        Show release candidates and other pre-releases
      </label>
      <label htmlFor={`${id}-other`} className="sub-label">
        Another version (any text, e.g. a git commit)
      </label>
      <div className="add-version">
        <input
          id={`${id}-other`}
          type="text"
          list={`${id}-suggestions`}
          value={draft}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onDraftKey}
        />
        <button type="button" className="secondary" onClick={add} disabled={!draft.trim()}>
          Add version
        </button>
        <datalist id={`${id}-suggestions`}>
          {RELEASES.map((option) => (
            <option key={option.version} value={option.version} />
          ))}
        </datalist>
      </div>
    </fieldset>
  );
}
