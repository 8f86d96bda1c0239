// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryProvider } from '../../../queries/query-provider.tsx';
import { MIRROR_API, PUBLIC_API } from '../sources.ts';
import { QueryPanel } from './query-panel.tsx';

/** Renders of the form, counted by its start-over dialog (a child it renders every time). */
const formRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('./start-over-dialog.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof import('./start-over-dialog.tsx')>();
  return {
    ...real,
    StartOverDialog: (props: Parameters<typeof real.StartOverDialog>[0]) => {
      formRenders.count++;
      return real.StartOverDialog(props);
    },
  };
});

/** The app around the form: renders again on demand, passing the same props each time. */
const appAround = { rerender: () => {} };
const onDownload = () => {};
const latestTotal = { key: 'k', total: 3 };
function AppAround() {
  const [, setTick] = useState(0);
  appAround.rerender = () => setTick((n) => n + 1);
  return <QueryPanel onDownload={onDownload} latestTotal={latestTotal} hidden />;
}

const page = (total: number) =>
  new Response(
    JSON.stringify({ _items: [], _links: {}, _meta: { page: 1, max_results: 1, total } }),
    { headers: { 'Content-Type': 'application/json' } },
  );

/** The public API is offline; the mirror holds 3000 T1w records, 120 of them match any filter. */
const fakeFetch = vi.fn(async (url: string) => {
  if (url.startsWith(PUBLIC_API)) throw new TypeError('Failed to fetch');
  return page(url.includes('where=') ? 120 : 3000);
});

function renderAt(search: string) {
  window.history.replaceState(null, '', `/${search}`);
  return render(
    <QueryProvider>
      <QueryPanel />
    </QueryProvider>,
  );
}

beforeEach(() => {
  vi.stubGlobal('fetch', fakeFetch);
  fakeFetch.mockClear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('QueryPanel', () => {
  it('does not render again when the app around it renders with the same props', async () => {
    window.history.replaceState(null, '', `/?source=${MIRROR_API}&view=table`);
    render(
      <QueryProvider>
        <AppAround />
      </QueryProvider>,
    );
    // Its own state settles first (folded away, it asks its servers nothing).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const settled = formRenders.count;
    expect(settled).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      appAround.rerender();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(formRenders.count).toBe(settled);
  });

  it('restores the controls from the URL and completes the URL', async () => {
    renderAt(`?source=${MIRROR_API}&versions=22.0.6,abc123&view=table`);
    expect(screen.getByRole('combobox', { name: 'Data source' })).toHaveProperty(
      'value',
      MIRROR_API,
    );
    expect(screen.getByRole('combobox', { name: 'Modality' })).toHaveProperty('value', 'T1w');
    expect(screen.getByRole('textbox', { name: 'Software' })).toHaveProperty('value', 'mriqc');
    const versions = screen.getByRole('listbox', { name: 'Versions' });
    expect(versions.getAttribute('aria-multiselectable')).toBe('true');
    const ticked = within(versions).getAllByRole('option', { selected: true });
    // The typed version first (not a release), then releases newest first.
    expect(ticked.map((option) => option.textContent?.split(' ')[0])).toEqual(['abc123', '22.0.6']);
    // One Tab stop: the first ticked option.
    expect(
      within(versions)
        .getAllByRole('option')
        .filter((option) => option.tabIndex === 0),
    ).toEqual([ticked[0]]);
    expect(screen.getByText('Local mirror — synthetic demo data, not real scans.')).toBeTruthy();
    await waitFor(() =>
      expect(window.location.search).toBe(
        `?source=${MIRROR_API}&modality=T1w&software=mriqc&versions=22.0.6,abc123&view=table`,
      ),
    );
  });

  it('shows the chosen versions as chips that remove them', () => {
    renderAt(`?source=${MIRROR_API}&versions=22.0.6,abc123`);
    fireEvent.click(screen.getByRole('button', { name: 'Remove version 22.0.6' }));
    expect(new URLSearchParams(window.location.search).get('versions')).toBe('abc123');
    expect(screen.getByRole('option', { name: /^22\.0\.6 / }).getAttribute('aria-selected')).toBe(
      'false',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear all' }));
    expect(new URLSearchParams(window.location.search).get('versions')).toBeNull();
    expect(screen.getByText('All versions')).toBeTruthy();
    // Typed versions stay listed, unticked, so they can be ticked again.
    expect(screen.getByRole('option', { name: 'abc123' }).getAttribute('aria-selected')).toBe(
      'false',
    );
  });

  it('pushes choices onto the history and replaces while typing', async () => {
    renderAt(`?source=${MIRROR_API}`);
    const before = window.history.length;
    fireEvent.change(screen.getByRole('combobox', { name: 'Modality' }), {
      target: { value: 'bold' },
    });
    expect(window.location.search).toContain('modality=bold');
    expect(window.history.length).toBe(before + 1);
    fireEvent.change(screen.getByRole('textbox', { name: 'Software' }), {
      target: { value: 'my tool' },
    });
    expect(window.location.search).toContain('software=my%20tool');
    expect(window.history.length).toBe(before + 1);
    expect(screen.getByRole('textbox', { name: 'Software' })).toHaveProperty('value', 'my tool');
  });

  it('counts on Download, and forgets the count when the query changes', async () => {
    renderAt(`?source=${MIRROR_API}&versions=22.0.6`);
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    const result = screen.getByRole('status', { name: 'Query result' });
    await waitFor(() => expect(result.dataset.total).toBe('120'));
    expect(result.textContent).toContain('120 records match');
    const [url] = fakeFetch.mock.calls.map(([u]) => u).filter((u) => u.includes('where='));
    expect(url).toContain('sort=_id&max_results=50&page=1');
    fireEvent.change(screen.getByRole('combobox', { name: 'Modality' }), {
      target: { value: 'T2w' },
    });
    expect(result.dataset.state).toBe('stale');
    expect(result.dataset.total).toBeUndefined();
  });

  it('offers the mirror when the public API does not answer', async () => {
    renderAt('');
    const offer = await screen.findByRole('button', { name: 'Switch to the local mirror' });
    expect(screen.getByText(/The public MRIQC Web API is not answering/)).toBeTruthy();
    fireEvent.click(offer);
    expect(new URLSearchParams(window.location.search).get('source')).toBe(MIRROR_API);
    expect(screen.queryByRole('button', { name: 'Switch to the local mirror' })).toBeNull();
  });

  it('probes only the chosen source until the list is opened or "Check again" pressed', async () => {
    renderAt(`?source=${MIRROR_API}`);
    const status = screen.getByRole('list', { name: 'Data source status' });
    const item = (name: string) => within(status).getByText(name).closest('li')!;
    await waitFor(() => expect(item('Local mirror:').textContent).toContain('answering'));
    expect(item('Public MRIQC Web API:').textContent).toContain('not checked');
    // Probes carry no filter (the live count, to the chosen source only, carries the query's).
    const asked = () =>
      fakeFetch.mock.calls.filter(([u]) => !u.includes('where=')).map(([u]) => new URL(u).origin);
    expect(asked()).toEqual([new URL(MIRROR_API).origin]);

    fireEvent.pointerDown(screen.getByRole('combobox', { name: 'Data source' }));
    await waitFor(() => expect(item('Public MRIQC Web API:').textContent).toContain('unreachable'));
    expect(asked()).toEqual([new URL(MIRROR_API).origin, new URL(PUBLIC_API).origin]);

    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(asked()).toHaveLength(4));
    expect(asked().slice(2).sort()).toEqual(
      [new URL(MIRROR_API).origin, new URL(PUBLIC_API).origin].sort(),
    );
  });

  it('folded away, the form asks its servers nothing; shown, it probes the source and counts', async () => {
    window.history.replaceState(null, '', `/?source=${MIRROR_API}`);
    const { rerender } = render(
      <QueryProvider>
        <QueryPanel hidden />
      </QueryProvider>,
    );
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the count's debounce
    expect(fakeFetch).not.toHaveBeenCalled();
    rerender(
      <QueryProvider>
        <QueryPanel />
      </QueryProvider>,
    );
    const live = screen.getByRole('status', { name: 'Live count' });
    await waitFor(() => expect(live.dataset.total).toBe('120'));
    expect(fakeFetch.mock.calls.filter(([u]) => u.includes('where='))).toHaveLength(1);
  });

  it('counts the query live, once the source answers, and again when the query changes', async () => {
    renderAt(`?source=${MIRROR_API}`);
    const live = screen.getByRole('status', { name: 'Live count' });
    await waitFor(() => expect(live.dataset.total).toBe('120'));
    expect(live.textContent).toContain(
      '120 records match on the local mirror (synthetic demo data)',
    );
    const counts = () => fakeFetch.mock.calls.filter(([u]) => u.includes('where='));
    expect(counts()).toHaveLength(1);
    const sent = new URL(counts()[0]![0]);
    expect(sent.searchParams.get('max_results')).toBe('1');
    expect(JSON.parse(sent.searchParams.get('where')!)).toEqual({ 'provenance.software': 'mriqc' });

    const filter = screen.getByRole('textbox', { name: 'Field filter (MongoDB JSON)' });
    fireEvent.change(filter, { target: { value: '{"size_x": 2' } });
    fireEvent.change(filter, { target: { value: '{"size_x": 256}' } });
    await waitFor(() => expect(counts()).toHaveLength(2));
    // Only where the typing stopped was asked; the incomplete JSON never was.
    expect(JSON.parse(new URL(counts()[1]![0]).searchParams.get('where')!)).toEqual({
      'provenance.software': 'mriqc',
      size_x: 256,
    });
  });

  it("shows the server's refusal of a filter where the count would be", async () => {
    fakeFetch.mockImplementationOnce(async () => page(3000)); // the probe
    fakeFetch.mockImplementationOnce(
      async () =>
        new Response(
          JSON.stringify({ _status: 'ERR', _error: { code: 400, message: 'Bad filter' } }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    renderAt(`?source=${MIRROR_API}&where=${encodeURIComponent('{"a": {"$foo": 1}}')}`);
    const live = screen.getByRole('status', { name: 'Live count' });
    await waitFor(() => expect(live.dataset.state).toBe('error'));
    expect(live.textContent).toContain('The server refused this query: Bad filter');
  });

  it('the filter builder shows a typed filter, writes its edits back, and leaves what it cannot hold raw', async () => {
    renderAt(`?source=${MIRROR_API}&where=${encodeURIComponent('{"size_x": {"$gt": 200}}')}`);
    const where = () => new URLSearchParams(window.location.search).get('where');
    expect(screen.getByRole('combobox', { name: 'Field of condition 1' })).toHaveProperty(
      'value',
      'size_x',
    );
    expect(screen.getByRole('textbox', { name: 'Value of condition 1' })).toHaveProperty(
      'value',
      '200',
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Operator of condition 1' }), {
      target: { value: '≥' },
    });
    expect(JSON.parse(where()!)).toEqual({ size_x: { $gte: 200 } });

    fireEvent.click(screen.getByRole('button', { name: 'Add condition' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Field of condition 2' }), {
      target: { value: 'bids_meta.Manufacturer' },
    });
    // A text field with known values: its value box offers them (a combobox).
    fireEvent.change(screen.getByRole('combobox', { name: 'Value of condition 2' }), {
      target: { value: 'Siemens' },
    });
    expect(JSON.parse(where()!)).toEqual({
      size_x: { $gte: 200 },
      'bids_meta.Manufacturer': 'Siemens',
    });
    const json = screen.getByRole('textbox', { name: 'Field filter (MongoDB JSON)' });
    expect(JSON.parse((json as HTMLTextAreaElement).value)).toEqual(JSON.parse(where()!));

    // Hand-edited JSON the builder can hold shows up in it; $or it can't, and is kept as typed.
    fireEvent.change(json, { target: { value: '{"snr_total": {"$lt": 5}}' } });
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Field of condition 1' })).toHaveProperty(
        'value',
        'snr_total',
      ),
    );
    const raw = '{"$or": [{"a": 1}, {"b": 2}]}';
    fireEvent.change(json, { target: { value: raw } });
    await waitFor(() =>
      expect(
        screen.getByText(/The builder can't show this filter \(the builder has no \$or\)/),
      ).toBeTruthy(),
    );
    expect(where()).toBe(raw);
    expect(screen.queryByRole('combobox', { name: 'Field of condition 1' })).toBeNull();
  });

  it('explains an invalid filter instead of sending it', () => {
    renderAt(`?source=${MIRROR_API}`);
    const filter = screen.getByRole('textbox', { name: 'Field filter (MongoDB JSON)' });
    fireEvent.change(filter, { target: { value: '{"a": ' } });
    expect(filter.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(filter.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(filter);
    expect(screen.getByText(/This is not valid JSON/)).toBeTruthy();
    expect(fakeFetch.mock.calls.some(([u]) => u.includes('where='))).toBe(false);
  });
});
