/**
 * The Versions list's keyboard and pointer rules, as pure functions over the shown options
 * (version strings, in list order) and the selection (in the order chosen: the URL's order).
 * The list is one Tab stop (a multi-select listbox); focus and selection are separate, as in
 * the WAI-ARIA listbox pattern: arrows move, Space ticks, Shift extends a run of ticks, and
 * typing the start of a version jumps to it.
 */

/** What the list remembers between key presses and clicks, besides the selection itself. */
export interface ListCursor {
  /** The option holding the focus: the list's one Tab stop. */
  focus: string;
  /** Where a Shift run starts: the last option ticked or unticked, or the start of the run. */
  anchor: string | null;
  /**
   * A Shift run in progress: the selection before it and the one it produced. A run goes on
   * only while the selection is still the one it produced (a chip removed since ends it).
   */
  run: { before: readonly string[]; after: readonly string[] } | null;
  /** The characters typed so far for type-ahead, and when the last one was typed (ms). */
  typed: { text: string; at: number };
}

export interface ListKey {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export interface ListStep {
  selected: readonly string[];
  cursor: ListCursor;
}

/** Page Up / Page Down move this many options. */
export const PAGE_STEP = 10;
/** A pause longer than this starts a new type-ahead search. */
export const TYPE_AHEAD_PAUSE_MS = 700;

const NOT_TYPED = { text: '', at: Number.NEGATIVE_INFINITY };

/**
 * The cursor before the list was ever used: the focus on the first selected option shown, else
 * on the first option (where a keyboard user entering the list expects it).
 */
export function initialCursor(options: readonly string[], selected: readonly string[]): ListCursor {
  return { focus: tabStop(options, selected, ''), anchor: null, run: null, typed: NOT_TYPED };
}

/**
 * The option that takes the Tab stop: the focused one while it is shown, else the first
 * selected one shown, else the first ('' for an empty list).
 * @example tabStop(['24.0.2', '24.0.1'], ['24.0.1'], 'gone') // '24.0.1'
 */
export function tabStop(
  options: readonly string[],
  selected: readonly string[],
  focus: string,
): string {
  if (options.includes(focus)) return focus;
  return options.find((option) => selected.includes(option)) ?? options[0] ?? '';
}

/**
 * The list after a key press, or null when the key is not the list's (Tab, Enter, Escape,
 * shortcuts with Ctrl/Alt/Meta): the caller lets those through and prevents the default of
 * the rest (Space would scroll the page, arrows the list).
 */
export function pressKey(
  options: readonly string[],
  selected: readonly string[],
  cursor: ListCursor,
  key: ListKey,
  now: number,
): ListStep | null {
  if (options.length === 0 || key.altKey || key.metaKey) return null;
  const focus = tabStop(options, selected, cursor.focus);
  const at = options.indexOf(focus);
  const target = moveTarget(key, at, options.length - 1);
  if (target !== null) {
    // Shift+arrows, and Ctrl+Shift+Home/End, tick the run from where it started to the target.
    if (key.shiftKey)
      return extend(options, selected, cursor, runStart(options, selected, cursor, at), target);
    return {
      selected,
      cursor: { ...cursor, focus: options[target]!, run: null, typed: NOT_TYPED },
    };
  }
  if (key.ctrlKey) return null;
  if (key.key === ' ') {
    if (!key.shiftKey) return toggle(selected, focus);
    const anchor = cursor.anchor === null ? -1 : options.indexOf(cursor.anchor);
    return extend(options, selected, cursor, anchor === -1 ? at : anchor, at);
  }
  if ([...key.key].length === 1) return typeAhead(options, selected, cursor, at, key.key, now);
  return null;
}

/**
 * The list after a click on `version`: a plain click ticks or unticks it (as the checkboxes this
 * list replaced did); a Shift+click ticks the run from the last option clicked.
 */
export function clickOption(
  options: readonly string[],
  selected: readonly string[],
  cursor: ListCursor,
  version: string,
  shiftKey: boolean,
): ListStep {
  const at = options.indexOf(version);
  const anchor = cursor.anchor === null ? -1 : options.indexOf(cursor.anchor);
  if (!shiftKey || at === -1 || anchor === -1) return toggle(selected, version);
  return extend(options, selected, cursor, anchor, at);
}

function moveTarget(key: ListKey, at: number, last: number): number | null {
  const clamp = (index: number) => Math.min(last, Math.max(0, index));
  switch (key.key) {
    case 'ArrowDown':
      return key.ctrlKey ? null : clamp(at + 1);
    case 'ArrowUp':
      return key.ctrlKey ? null : clamp(at - 1);
    case 'PageDown':
      return key.ctrlKey || key.shiftKey ? null : clamp(at + PAGE_STEP);
    case 'PageUp':
      return key.ctrlKey || key.shiftKey ? null : clamp(at - PAGE_STEP);
    case 'Home':
      // Shift+Home alone is left to the browser; Ctrl+Shift+Home ticks up to the first.
      return key.shiftKey && !key.ctrlKey ? null : 0;
    case 'End':
      return key.shiftKey && !key.ctrlKey ? null : last;
    default:
      return null;
  }
}

function toggle(selected: readonly string[], version: string): ListStep {
  const next = selected.includes(version)
    ? selected.filter((chosen) => chosen !== version)
    : [...selected, version];
  return {
    selected: next,
    cursor: { focus: version, anchor: version, run: null, typed: NOT_TYPED },
  };
}

/** A Shift run that is still going on, or null. */
function liveRun(selected: readonly string[], cursor: ListCursor) {
  const after = cursor.run?.after;
  if (!after || after.length !== selected.length) return null;
  return after.every((version, index) => selected[index] === version) ? cursor.run : null;
}

/** Where a Shift+arrow run starts: the start of the run going on, else the focused option. */
function runStart(
  options: readonly string[],
  selected: readonly string[],
  cursor: ListCursor,
  at: number,
): number {
  const anchor = cursor.anchor === null ? -1 : options.indexOf(cursor.anchor);
  return liveRun(selected, cursor) && anchor !== -1 ? anchor : at;
}

/**
 * Ticks every option from `start` to `end` on top of the selection the run started from, so
 * going back over the run unticks what it ticked, and nothing ticked before it is lost.
 * Newly ticked versions follow the earlier ones, in list order.
 */
function extend(
  options: readonly string[],
  selected: readonly string[],
  cursor: ListCursor,
  start: number,
  end: number,
): ListStep {
  const before = liveRun(selected, cursor)?.before ?? selected;
  const span = options.slice(Math.min(start, end), Math.max(start, end) + 1);
  const next = [...before, ...span.filter((version) => !before.includes(version))];
  return {
    selected: next,
    cursor: {
      focus: options[end]!,
      anchor: options[start]!,
      run: { before, after: next },
      typed: NOT_TYPED,
    },
  };
}

/**
 * Moves the focus to the next option starting with what was typed (case-insensitive): "23.1"
 * reaches 23.1.1, and one character typed again and again steps through the options starting
 * with it. No match leaves the focus where it is.
 */
function typeAhead(
  options: readonly string[],
  selected: readonly string[],
  cursor: ListCursor,
  at: number,
  char: string,
  now: number,
): ListStep {
  const fresh = now - cursor.typed.at > TYPE_AHEAD_PAUSE_MS;
  const text = (fresh ? '' : cursor.typed.text) + char.toLowerCase();
  const typed = { text, at: now };
  // A longer text refines the current match (search from the focus); one character, or one
  // character repeated when nothing starts with the repetition ("22" does: 22.0.6), moves on.
  const repeated = [...text].every((c) => c === text[0]);
  let found = text.length > 1 ? findFrom(options, at, text) : -1;
  if (found === -1 && repeated) found = findFrom(options, at + 1, text[0]!);
  const focus = found === -1 ? options[at]! : options[found]!;
  return { selected, cursor: { ...cursor, focus, run: null, typed } };
}

function findFrom(options: readonly string[], from: number, prefix: string): number {
  for (let step = 0; step < options.length; step++) {
    const index = (from + step) % options.length;
    if (options[index]!.toLowerCase().startsWith(prefix)) return index;
  }
  return -1;
}
