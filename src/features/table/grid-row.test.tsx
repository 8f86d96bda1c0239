// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fromDecoded } from '../../frame/column.ts';
import { type GridColumn, GridRow } from './grid-row.tsx';

const columns: GridColumn[] = [{ id: 'snr', index: 0, numeric: true, copies: false }];

function row(frameRow: number, data: Parameters<typeof GridRow>[0]['data']) {
  const { container } = render(
    <table>
      <tbody>
        <GridRow
          idPrefix="g"
          viewIndex={frameRow}
          frameRow={frameRow}
          top={0}
          columns={columns}
          data={data}
          groupSize={1}
          kept
          focusCol={-1}
          expanded={false}
          onToggleGroup={() => {}}
        />
      </tbody>
    </table>,
  );
  return container.querySelector('td')!;
}

describe('GridRow', () => {
  it("shows a cell from a column's first rows, and a row past them as loading", () => {
    const firstRows = fromDecoded([2.5, 7]);
    expect(row(1, [firstRows]).textContent).toBe('7');
    const past = row(2, [firstRows]);
    expect(past.classList.contains('cell-loading')).toBe(true);
    expect(past.textContent).toBe('loading');
    expect(row(2, [undefined]).classList.contains('cell-loading')).toBe(true);
    expect(row(2, [fromDecoded([1, 2, 3])]).textContent).toBe('3');
  });
});
