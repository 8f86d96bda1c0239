// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromDecoded } from '../../frame/column.ts';
import { Frame } from '../../frame/frame.ts';
import { computeView } from '../../frame/view.ts';
import { DEFAULT_VIEW } from '../../frame/view-spec.ts';
import { GridBody } from './grid-body.tsx';
import { HEADER_HEIGHT, ROW_HEIGHT } from './grid-row.tsx';

// jsdom lays nothing out and has no ResizeObserver: the body's first render is what is tested,
// before any observer could have read the box.
const saved = globalThis.ResizeObserver;
beforeEach(() => {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});
afterEach(() => {
  globalThis.ResizeObserver = saved;
});

describe('GridBody', () => {
  it("first renders the rows the grid's box can show (70 % of the window), not the window's", async () => {
    const n = 10_000;
    const snr = fromDecoded(Array.from({ length: n }, (_, i) => i));
    const frame = new Frame(n, [{ name: 'snr', type: 'number' }], async () => snr);
    const view = await computeView(frame, DEFAULT_VIEW);
    const { container } = render(
      <table>
        <GridBody
          idPrefix="g"
          scrollBox={document.createElement('div')}
          rows={view.rows}
          dedup={view.dedup}
          columns={[{ id: 'snr', index: 0, numeric: true, copies: false }]}
          data={[snr]}
          totalWidth={200}
          focus={{ row: -1, col: 0 }}
          focusRequest={0}
          expandedGroup={null}
          onToggleGroup={() => {}}
        />
      </table>,
    );
    const rows = container.querySelectorAll('tbody tr').length;
    const inBox = Math.ceil((window.innerHeight * 0.7 - HEADER_HEIGHT) / ROW_HEIGHT);
    const overscan = 2;
    expect(rows).toBeGreaterThanOrEqual(inBox);
    expect(rows).toBeLessThanOrEqual(inBox + overscan);
  });
});
