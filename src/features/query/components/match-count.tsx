import type { CountState } from '../hooks/use-match-count.ts';
import { describeCountError, matchSentence } from '../messages.ts';
import type { SourceInfo } from '../sources.ts';

interface MatchCountProps {
  state: CountState;
  source: SourceInfo;
  hasFilter: boolean;
}

/**
 * The answer to "Download": how many records match. `data-total` keeps the plain number for
 * tests and scripts; the text carries thousands separators for people.
 */
export function MatchCount({ state, source, hasFilter }: MatchCountProps) {
  return (
    <div
      className={`match-count match-${state.type}`}
      role="status"
      aria-label="Query result"
      data-state={state.type}
      data-total={state.type === 'success' ? state.total : undefined}
    >
      <MatchCountBody state={state} source={source} hasFilter={hasFilter} />
    </div>
  );
}

function MatchCountBody({ state, source, hasFilter }: MatchCountProps) {
  switch (state.type) {
    case 'idle':
      return <p className="muted">Press Download to save the matching records in this browser.</p>;
    case 'stale':
      return <p className="muted">The query has changed: press Download to save its records.</p>;
    case 'pending':
      return <p className="muted">Counting matching records…</p>;
    case 'success':
      return (
        <>
          <p className="count">{matchSentence(state.total)}</p>
          <p className="muted">
            on {source.name}
            {source.kind === 'mirror' ? ' (synthetic demo data)' : ''}.{' '}
            {state.total === 0
              ? 'Try fewer conditions: clear the versions or loosen the field filter.'
              : 'Saving them in this browser: see below.'}
          </p>
        </>
      );
    case 'error': {
      const { title, detail } = describeCountError(
        state.error,
        source,
        hasFilter,
        typeof navigator === 'undefined' || navigator.onLine,
      );
      return (
        <>
          <p className="error-title">{title}</p>
          {detail && <p className="muted">{detail}</p>}
        </>
      );
    }
  }
}
