// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromDecoded } from '../../frame/column.ts';
import { Frame } from '../../frame/frame.ts';
import { DEFAULT_VIEW, type ViewSpec } from '../../frame/view-spec.ts';
import { QueryProvider } from '../../queries/query-provider.tsx';
import { ActiveFilters } from './active-filters.tsx';
import { FilterEditor } from './filter-editor.tsx';

const DATA: Record<string, unknown[]> = {
  cjv: [0.3, 0.7, undefined, 0.5],
  maker: ['GE', 'Siemens', 'GE', undefined],
  _id: ['a1', 'b2', 'c3', 'd4'],
  // Rows 0 and 2 are two uploads of one scan: the unique view keeps row 0.
  'provenance.md5sum': ['x', 'y', 'x', 'z'],
};

const frame = new Frame(
  4,
  [
    { name: 'cjv', type: 'number' },
    { name: 'maker', type: 'text' },
    { name: '_id', type: 'text' },
    { name: 'provenance.md5sum', type: 'text' },
  ],
  async (name) => fromDecoded(DATA[name]!),
);

afterEach(cleanup);

function open(column: string, onApply = vi.fn(), spec: ViewSpec = DEFAULT_VIEW) {
  render(
    <QueryProvider>
      <FilterEditor
        datasetKey="test"
        frame={frame}
        spec={spec}
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

  it('counts the values in the view shown: unique scans, with the other filters applied', async () => {
    const unique = open('maker', vi.fn(), { ...DEFAULT_VIEW, show: 'unique' }).region;
    expect(await within(unique).findByRole('checkbox', { name: /^GE\s+1$/ })).toBeTruthy();
    expect(within(unique).getByRole('checkbox', { name: /^Siemens\s+1$/ })).toBeTruthy();
    expect(within(unique).getByText('(Counts: unique scans)')).toBeTruthy();
    cleanup();
    const filtered = open('maker', vi.fn(), {
      ...DEFAULT_VIEW,
      filters: [
        { column: 'cjv', type: 'range', min: 0.4 },
        { column: 'maker', type: 'in', values: ['GE'] },
      ],
    }).region;
    // cjv ≥ 0.4 keeps rows 1 and 3; the editor's own column's filter does not narrow its counts.
    expect(await within(filtered).findByRole('checkbox', { name: /^Siemens\s+1$/ })).toBeTruthy();
    expect(within(filtered).getByRole('checkbox', { name: /^GE\s+0$/ })).toBeTruthy();
    expect(within(filtered).getByText('(Counts: records, with the other filter)')).toBeTruthy();
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
