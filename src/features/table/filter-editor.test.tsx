// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromDecoded } from '../../frame/column.ts';
import { Frame } from '../../frame/frame.ts';
import { QueryProvider } from '../../queries/query-provider.tsx';
import { ActiveFilters } from './active-filters.tsx';
import { FilterEditor } from './filter-editor.tsx';

const DATA: Record<string, unknown[]> = {
  cjv: [0.3, 0.7, undefined, 0.5],
  maker: ['GE', 'Siemens', 'GE', undefined],
  _id: ['a1', 'b2', 'c3', 'd4'],
};

const frame = new Frame(
  4,
  [
    { name: 'cjv', type: 'number' },
    { name: 'maker', type: 'text' },
    { name: '_id', type: 'text' },
  ],
  async (name) => fromDecoded(DATA[name]!),
);

afterEach(cleanup);

function open(column: string, onApply = vi.fn()) {
  render(
    <QueryProvider>
      <FilterEditor
        frame={frame}
        column={column}
        current={undefined}
        onApply={onApply}
        onClose={() => {}}
      />
    </QueryProvider>,
  );
  return { onApply, region: screen.getByRole('region', { name: `Filter ${column}` }) };
}

describe('FilterEditor', () => {
  it('filters a number column by range, telling the values’ span and refusing non-numbers', async () => {
    const { onApply, region } = open('cjv');
    expect(await within(region).findByText(/Values run from 0.3 to 0.7/)).toBeTruthy();
    fireEvent.change(within(region).getByLabelText('At least'), { target: { value: 'abc' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Apply filter' }));
    expect(within(region).getByRole('alert').textContent).toMatch(/must be a number/);
    expect(onApply).not.toHaveBeenCalled();
    fireEvent.change(within(region).getByLabelText('At least'), { target: { value: '0.4' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Apply filter' }));
    expect(onApply).toHaveBeenCalledWith({ column: 'cjv', type: 'range', min: 0.4 });
  });

  it('offers the categories of a text column with their counts, missing included', async () => {
    const { onApply, region } = open('maker');
    fireEvent.click(await within(region).findByRole('checkbox', { name: /^Siemens\s+1$/ }));
    fireEvent.click(within(region).getByRole('checkbox', { name: /^\(missing\)\s+1$/ }));
    expect(within(region).getByRole('checkbox', { name: /^GE\s+2$/ })).toBeTruthy();
    fireEvent.click(within(region).getByRole('button', { name: 'Apply filter' }));
    expect(onApply).toHaveBeenCalledWith({
      column: 'maker',
      type: 'in',
      values: ['Siemens'],
      missing: true,
    });
  });
});

describe('ActiveFilters', () => {
  it('lists each filter in words with its own remove button', () => {
    const onRemove = vi.fn();
    render(
      <ActiveFilters
        filters={[
          { column: 'cjv', type: 'range', min: 0.4 },
          { column: '_id', type: 'contains', text: 'b' },
        ]}
        onEdit={() => {}}
        onRemove={onRemove}
        onClear={() => {}}
      />,
    );
    const list = screen.getByRole('region', { name: 'Active filters' });
    expect(list.textContent).toContain('cjv ≥ 0.4');
    fireEvent.click(within(list).getByRole('button', { name: 'Remove filter: _id contains “b”' }));
    expect(onRemove).toHaveBeenCalledWith(1);
  });
});
