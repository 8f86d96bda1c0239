import { useUrlSpec } from '../lib/use-url-spec.ts';

export const VIEWS = [
  { id: 'table', label: 'Table' },
  { id: 'charts', label: 'Charts' },
  { id: 'compare', label: 'Compare' },
  { id: 'datasets', label: 'Datasets' },
  { id: 'about', label: 'About' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

const parseView = (params: URLSearchParams): { view: ViewId } => {
  const value = params.get('view');
  return { view: VIEWS.find((v) => v.id === value)?.id ?? 'table' };
};
const viewParams = ({ view }: { view: ViewId }): [string, string][] => [['view', view]];
const OWNED = new Set(['view']);

/** Which view of the stored data is shown: the `view` URL param (DESIGN.md), table by default. */
export function useCurrentView(): [ViewId, (view: ViewId) => void] {
  const { spec, update } = useUrlSpec(parseView, viewParams, OWNED);
  return [spec.view, (view) => update({ view })];
}

/** Tabs over the stored data, keyboard-operable as the ARIA tabs pattern says (arrows, Home, End). */
export function ViewTabs(props: { current: ViewId; onSelect: (view: ViewId) => void }) {
  const { current, onSelect } = props;
  const move = (from: number, step: number) => {
    const next = VIEWS[(from + step + VIEWS.length) % VIEWS.length]!;
    onSelect(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div className="view-tabs" role="tablist" aria-label="Views of the saved records">
      {VIEWS.map((view, i) => (
        <button
          key={view.id}
          id={`tab-${view.id}`}
          type="button"
          role="tab"
          aria-selected={current === view.id}
          aria-controls={`panel-${view.id}`}
          tabIndex={current === view.id ? 0 : -1}
          onClick={() => onSelect(view.id)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowRight') move(i, 1);
            else if (event.key === 'ArrowLeft') move(i, -1);
            else if (event.key === 'Home') move(i, -i);
            else if (event.key === 'End') move(i, VIEWS.length - 1 - i);
            else return;
            event.preventDefault();
          }}
        >
          {view.label}
        </button>
      ))}
    </div>
  );
}
