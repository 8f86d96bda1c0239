import type { LiveCountState } from '../hooks/use-live-count.ts';
import { describeCountError, describeStatus, matchSentence } from '../messages.ts';
import type { SourceInfo } from '../sources.ts';

interface LiveCountProps {
  state: LiveCountState;
  source: SourceInfo;
  modality: string;
  hasFilter: boolean;
}

const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * "N records match", counted as the query changes, with where and when it was counted.
 * `data-total` keeps the plain number for tests and scripts.
 */
export function LiveCount({ state, source, modality, hasFilter }: LiveCountProps) {
  return (
    <div
      className={`live-count live-${state.type}`}
      role="status"
      aria-label="Live count"
      data-state={state.type === 'success' && state.updating ? 'updating' : state.type}
      data-total={state.type === 'success' && !state.updating ? state.total : undefined}
    >
      <LiveCountBody state={state} source={source} modality={modality} hasFilter={hasFilter} />
    </div>
  );
}

function LiveCountBody({ state, source, modality, hasFilter }: LiveCountProps) {
  const on = `${source.name}${source.kind === 'mirror' ? ' (synthetic demo data)' : ''}`;
  switch (state.type) {
    case 'unusable':
      return <p className="muted">Not counted: the query above can't be sent as it stands.</p>;
    case 'waiting':
      return (
        <p className="muted">
          {state.source.type === 'checking' || state.source.type === 'unchecked'
            ? `Waiting for ${source.name} to answer before counting…`
            : `Not counted: ${source.name} is ${describeStatus(state.source, modality)}.`}
        </p>
      );
    case 'pending':
      return <p className="muted">Counting the matching records on {on}…</p>;
    case 'success':
      return (
        <p>
          <strong className="count">{matchSentence(state.total)}</strong>{' '}
          <span className="muted">
            on {on}, counted at{' '}
            <time dateTime={new Date(state.countedAt).toISOString()}>
              {TIME.format(state.countedAt)}
            </time>
            {state.updating ? ' — counting the changed query…' : '.'}
          </span>
        </p>
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
          <p className="error-title">Not counted. {title}</p>
          {detail && <p className="muted">{detail}</p>}
        </>
      );
    }
  }
}
