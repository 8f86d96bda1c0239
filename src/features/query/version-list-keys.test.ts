import { describe, expect, it } from 'vitest';
import {
  clickOption,
  initialCursor,
  type ListCursor,
  type ListKey,
  type ListStep,
  PAGE_STEP,
  pressKey,
  TYPE_AHEAD_PAUSE_MS,
  tabStop,
} from './version-list-keys.ts';

const OPTIONS = ['24.0.2', '24.0.1', '24.0.0', '23.1.1', '23.1.0', '23.0.1', '22.0.6', '0.9.8'];

function key(name: string, mods: Partial<ListKey> = {}): ListKey {
  return { key: name, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods };
}

/** Presses the keys one after another (one ms apart unless given), from the initial cursor. */
function press(
  keys: (ListKey | string)[],
  selected: string[] = [],
  options = OPTIONS,
  gap = 1,
): ListStep {
  let step: ListStep = { selected, cursor: initialCursor(options, selected) };
  keys.forEach((pressed, index) => {
    const next = pressKey(
      options,
      step.selected,
      step.cursor,
      typeof pressed === 'string' ? key(pressed) : pressed,
      index * gap,
    );
    if (!next) throw new Error(`key ${JSON.stringify(pressed)} not handled`);
    step = next;
  });
  return step;
}

const down = key('ArrowDown');
const up = key('ArrowUp');
const space = key(' ');
const shiftDown = key('ArrowDown', { shiftKey: true });
const shiftUp = key('ArrowUp', { shiftKey: true });

describe('where the focus starts', () => {
  it('is on the first option when nothing is ticked', () => {
    expect(initialCursor(OPTIONS, []).focus).toBe('24.0.2');
  });

  it('is on the first ticked option shown, in list order', () => {
    expect(initialCursor(OPTIONS, ['22.0.6', '23.1.0']).focus).toBe('23.1.0');
  });

  it('falls back when the focused option is no longer shown', () => {
    expect(tabStop(OPTIONS, ['22.0.6'], '25.0.0rc0')).toBe('22.0.6');
    expect(tabStop(OPTIONS, [], '25.0.0rc0')).toBe('24.0.2');
    expect(tabStop([], [], 'x')).toBe('');
  });
});

describe('moving', () => {
  it('Down and Up move one option and stop at the ends', () => {
    expect(press([down, down]).cursor.focus).toBe('24.0.0');
    expect(press([up]).cursor.focus).toBe('24.0.2');
    expect(press(['End', down]).cursor.focus).toBe('0.9.8');
  });

  it('Home and End go to the first and last option', () => {
    expect(press([down, down, 'Home']).cursor.focus).toBe('24.0.2');
    expect(press(['End']).cursor.focus).toBe('0.9.8');
  });

  it('Page Down and Page Up move a page, stopping at the ends', () => {
    const many = Array.from({ length: 30 }, (_, index) => `v${index}`);
    expect(press(['PageDown'], [], many).cursor.focus).toBe(`v${PAGE_STEP}`);
    expect(press(['PageDown', 'PageDown', 'PageDown', 'PageDown'], [], many).cursor.focus).toBe(
      'v29',
    );
    expect(press(['PageDown', 'PageUp', 'PageUp'], [], many).cursor.focus).toBe('v0');
  });

  it('moving ticks nothing', () => {
    expect(press([down, down, 'End', 'Home'], ['23.1.0']).selected).toEqual(['23.1.0']);
  });

  it('leaves Tab, Enter, Escape and browser shortcuts to the browser', () => {
    const cursor = initialCursor(OPTIONS, []);
    for (const other of [
      key('Tab'),
      key('Tab', { shiftKey: true }),
      key('Enter'),
      key('Escape'),
      key('a', { ctrlKey: true }),
      key('r', { metaKey: true }),
      key('ArrowDown', { altKey: true }),
      key('ArrowDown', { ctrlKey: true }),
      key('Home', { shiftKey: true }),
      key('F5'),
    ]) {
      expect(pressKey(OPTIONS, [], cursor, other, 0), other.key).toBeNull();
    }
    expect(pressKey([], [], cursor, down, 0)).toBeNull();
  });
});

describe('ticking', () => {
  it('Space ticks the focused option, and again unticks it', () => {
    expect(press([down, space]).selected).toEqual(['24.0.1']);
    expect(press([down, space, space]).selected).toEqual([]);
  });

  it('keeps the order the versions were ticked in (the URL order)', () => {
    expect(press(['Home', down, down, space, up, up, space], ['22.0.6']).selected).toEqual([
      '22.0.6',
      '24.0.0',
      '24.0.2',
    ]);
  });

  it('a click ticks and unticks like the checkboxes it replaced, and moves the focus', () => {
    const cursor = initialCursor(OPTIONS, []);
    const ticked = clickOption(OPTIONS, ['22.0.6'], cursor, '23.1.1', false);
    expect(ticked.selected).toEqual(['22.0.6', '23.1.1']);
    expect(ticked.cursor.focus).toBe('23.1.1');
    expect(clickOption(OPTIONS, ticked.selected, ticked.cursor, '22.0.6', false).selected).toEqual([
      '23.1.1',
    ]);
  });
});

describe('Shift ticks a run', () => {
  it('Shift+Down ticks the focused option and the next, and goes on', () => {
    expect(press([shiftDown]).selected).toEqual(['24.0.2', '24.0.1']);
    const run = press([down, shiftDown, shiftDown]);
    expect(run.selected).toEqual(['24.0.1', '24.0.0', '23.1.1']);
    expect(run.cursor.focus).toBe('23.1.1');
  });

  it('going back over a run unticks what it ticked, not what was ticked before', () => {
    const back = press(['Home', shiftDown, shiftDown, shiftDown, shiftUp, shiftUp], ['24.0.0']);
    expect(back.selected).toEqual(['24.0.0', '24.0.2', '24.0.1']);
  });

  it('going past the start of the run turns it the other way', () => {
    expect(press([down, down, shiftDown, shiftUp, shiftUp]).selected).toEqual(['24.0.1', '24.0.0']);
  });

  it('a plain move ends the run: the next one starts at the focus and keeps the first', () => {
    const two = press([shiftDown, down, down, shiftDown]);
    expect(two.selected).toEqual(['24.0.2', '24.0.1', '23.1.1', '23.1.0']);
  });

  it('a selection changed from elsewhere (a chip removed) ends the run', () => {
    const run = press([shiftDown, shiftDown]);
    expect(run.selected).toEqual(['24.0.2', '24.0.1', '24.0.0']);
    const removed = ['24.0.2', '24.0.0'];
    const after = pressKey(OPTIONS, removed, run.cursor, shiftDown, 10);
    expect(after?.selected).toEqual(['24.0.2', '24.0.0', '23.1.1']);
  });

  it('Ctrl+Shift+End and Ctrl+Shift+Home tick up to the last and the first', () => {
    expect(
      press([down, down, down, down, key('End', { ctrlKey: true, shiftKey: true })]).selected,
    ).toEqual(['23.1.0', '23.0.1', '22.0.6', '0.9.8']);
    expect(press([down, down, key('Home', { ctrlKey: true, shiftKey: true })]).selected).toEqual([
      '24.0.2',
      '24.0.1',
      '24.0.0',
    ]);
  });

  it('Shift+Space ticks from the last option ticked to the focus', () => {
    const step = press([down, space, down, down, down, key(' ', { shiftKey: true })]);
    expect(step.selected).toEqual(['24.0.1', '24.0.0', '23.1.1', '23.1.0']);
  });

  it('Shift+click ticks from the last option clicked, and a second Shift+click redraws the run', () => {
    let step: ListStep = { selected: ['0.9.8'], cursor: initialCursor(OPTIONS, ['0.9.8']) };
    step = clickOption(OPTIONS, step.selected, step.cursor, '24.0.1', false);
    step = clickOption(OPTIONS, step.selected, step.cursor, '23.1.0', true);
    expect(step.selected).toEqual(['0.9.8', '24.0.1', '24.0.0', '23.1.1', '23.1.0']);
    step = clickOption(OPTIONS, step.selected, step.cursor, '24.0.0', true);
    expect(step.selected).toEqual(['0.9.8', '24.0.1', '24.0.0']);
  });

  it('a Shift+click with no earlier click ticks just that option', () => {
    const cursor = initialCursor(OPTIONS, []);
    expect(clickOption(OPTIONS, [], cursor, '23.1.0', true).selected).toEqual(['23.1.0']);
  });
});

describe('typing jumps', () => {
  const typed = (text: string, from: (ListKey | string)[] = [], gap = 1) =>
    press([...from, ...[...text].map((char) => key(char))], [], OPTIONS, gap).cursor.focus;

  it('to the first option starting with what was typed', () => {
    expect(typed('23.1')).toBe('23.1.1');
    expect(typed('23.1.0')).toBe('23.1.0');
    expect(typed('0')).toBe('0.9.8');
  });

  it('a repeated digit that starts a version goes there ("22")', () => {
    expect(typed('22')).toBe('22.0.6');
  });

  it('one character typed again and again steps through the options starting with it', () => {
    expect(typed('2')).toBe('24.0.1');
    const letters = ['a1', 'a2', 'a3', 'b1'];
    const steps = (text: string) =>
      press(
        [...text].map((char) => key(char)),
        [],
        letters,
      ).cursor.focus;
    expect([steps('a'), steps('aa'), steps('aaa'), steps('b')]).toEqual(['a2', 'a3', 'a1', 'b1']);
    expect(typed('0', ['End'])).toBe('0.9.8');
  });

  it('searches on from the focus and wraps around', () => {
    expect(typed('23', ['End'])).toBe('23.1.1');
    expect(typed('24.0.0', [down, down, down])).toBe('24.0.0');
  });

  it('no match leaves the focus where it is', () => {
    expect(typed('9', [down])).toBe('24.0.1');
    expect(typed('23.9')).toBe('23.1.1');
  });

  it('a pause starts a new search', () => {
    // With a pause between "2" and "3", "3" is a search of its own: nothing starts with it.
    expect(typed('23', [], TYPE_AHEAD_PAUSE_MS + 1)).toBe('24.0.1');
  });

  it('ticks nothing', () => {
    expect(press([...'23.1'].map((char) => key(char))).selected).toEqual([]);
  });
});

it('a cursor built from an old list still works on a new one', () => {
  const stale: ListCursor = {
    focus: 'gone',
    anchor: 'gone',
    run: null,
    typed: { text: '', at: 0 },
  };
  expect(pressKey(OPTIONS, [], stale, down, 0)?.cursor.focus).toBe('24.0.1');
  expect(clickOption(OPTIONS, [], stale, '22.0.6', true).selected).toEqual(['22.0.6']);
});
