import { type KeyboardEvent, type MouseEvent, useRef, useState } from 'react';
import {
  clickOption,
  initialCursor,
  type ListStep,
  pressKey,
  tabStop,
} from '../version-list-keys.ts';
import type { VersionOption } from '../versions.ts';

interface VersionListProps {
  options: VersionOption[];
  selected: string[];
  onChange: (versions: string[]) => void;
  /** The id of the element naming the list ("Versions"). */
  labelledBy: string;
  /** The id of the line telling the keys. */
  describedBy: string;
}

/**
 * The versions as one multi-select listbox: a single Tab stop (about 60 checkboxes were 60), the
 * focus roving over the options (version-list-keys.ts holds the keys). Each option still shows a
 * tick box, so the list reads as a checklist; a click ticks or unticks, as the boxes did.
 */
export function VersionList({
  options,
  selected,
  onChange,
  labelledBy,
  describedBy,
}: VersionListProps) {
  const names = options.map((option) => option.version);
  const [cursor, setCursor] = useState(() => initialCursor(names, selected));
  const items = useRef(new Map<string, HTMLDivElement>());
  const focus = tabStop(names, selected, cursor.focus);
  const chosen = new Set(selected);

  const apply = (step: ListStep) => {
    setCursor(step.cursor);
    if (step.selected !== selected) onChange([...step.selected]);
    // The element is already there (the options do not change on a key): move the focus now,
    // which also scrolls it into view.
    items.current.get(step.cursor.focus)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = pressKey(names, selected, cursor, event, event.timeStamp);
    if (!step) return;
    event.preventDefault();
    apply(step);
  };
  const onClick = (event: MouseEvent, version: string) =>
    apply(clickOption(names, selected, cursor, version, event.shiftKey));

  return (
    <div
      className="version-list"
      role="listbox"
      aria-multiselectable="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onKeyDown={onKeyDown}
    >
      {options.map((option) => (
        // biome-ignore lint/a11y/useKeyWithClickEvents: the list's onKeyDown handles the keys for every option (Space ticks)
        <div
          key={option.version}
          ref={(element) => {
            if (element) items.current.set(option.version, element);
            else items.current.delete(option.version);
          }}
          role="option"
          aria-selected={chosen.has(option.version)}
          tabIndex={option.version === focus ? 0 : -1}
          className="version-option"
          // Shift+click must not select the page's text between the two clicks.
          onMouseDown={(event) => event.shiftKey && event.preventDefault()}
          onClick={(event) => onClick(event, option.version)}
        >
          <span className="version-tick" aria-hidden="true" />
          <span className="version-name">{option.version}</span>
          {option.released && <span className="muted"> {option.released}</span>}
          {option.preRelease && <span className="badge"> pre-release</span>}
        </div>
      ))}
    </div>
  );
}
