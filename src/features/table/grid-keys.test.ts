import { describe, expect, it } from 'vitest';
import { moveCell } from './grid-keys.ts';

const shape = { rows: 100, cols: 6, pageRows: 10 };

describe('moveCell', () => {
  it('moves one cell with the arrows, into the header row and not past the edges', () => {
    expect(moveCell({ row: 5, col: 2 }, 'ArrowDown', false, shape)).toEqual({ row: 6, col: 2 });
    expect(moveCell({ row: 0, col: 2 }, 'ArrowUp', false, shape)).toEqual({ row: -1, col: 2 });
    expect(moveCell({ row: -1, col: 2 }, 'ArrowUp', false, shape)).toEqual({ row: -1, col: 2 });
    expect(moveCell({ row: 99, col: 2 }, 'ArrowDown', false, shape)).toEqual({ row: 99, col: 2 });
    expect(moveCell({ row: 3, col: 0 }, 'ArrowLeft', false, shape)).toEqual({ row: 3, col: 0 });
    expect(moveCell({ row: 3, col: 5 }, 'ArrowRight', false, shape)).toEqual({ row: 3, col: 5 });
  });

  it('jumps with Home/End (Ctrl: whole grid) and Page Up/Down', () => {
    expect(moveCell({ row: 7, col: 3 }, 'Home', false, shape)).toEqual({ row: 7, col: 0 });
    expect(moveCell({ row: 7, col: 3 }, 'End', false, shape)).toEqual({ row: 7, col: 5 });
    expect(moveCell({ row: 7, col: 3 }, 'Home', true, shape)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 7, col: 3 }, 'End', true, shape)).toEqual({ row: 99, col: 5 });
    expect(moveCell({ row: 7, col: 3 }, 'PageDown', false, shape)).toEqual({ row: 17, col: 3 });
    expect(moveCell({ row: 7, col: 3 }, 'PageUp', false, shape)).toEqual({ row: -1, col: 3 });
    expect(moveCell({ row: 95, col: 3 }, 'PageDown', false, shape)).toEqual({ row: 99, col: 3 });
  });

  it('stays in the header when the view has no rows, and ignores other keys', () => {
    const empty = { rows: 0, cols: 6, pageRows: 10 };
    expect(moveCell({ row: -1, col: 1 }, 'ArrowDown', false, empty)).toEqual({ row: -1, col: 1 });
    expect(moveCell({ row: -1, col: 1 }, 'End', true, empty)).toEqual({ row: -1, col: 5 });
    expect(moveCell({ row: 2, col: 1 }, 'a', false, shape)).toBeNull();
  });
});
