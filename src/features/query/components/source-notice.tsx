import { Notice } from '../../../components/notice.tsx';
import type { ProbedSource } from '../hooks/use-source-probes.ts';
import { capitalise } from '../messages.ts';

interface SourceNoticeProps {
  selected: ProbedSource;
  mirror: ProbedSource | undefined;
  onUseMirror: () => void;
}

/** Says plainly where the data come from, and offers the mirror when the chosen source is down. */
export function SourceNotice({ selected, mirror, onUseMirror }: SourceNoticeProps) {
  if (selected.kind === 'mirror') {
    return (
      <Notice tone="synthetic">
        <p>
          <strong>Local mirror — synthetic demo data, not real scans.</strong> Its records imitate
          real MRIQC uploads so you can try the app offline; do not use them for research.
        </p>
      </Notice>
    );
  }
  const { status } = selected;
  if (status.type !== 'unreachable' && status.type !== 'error') return null;
  const problem =
    status.type === 'unreachable'
      ? `${capitalise(selected.name)} is not answering from this computer (${status.reason}).`
      : `${capitalise(selected.name)} answers, but not as the MRIQC Web API does (${status.reason}).`;
  const offer = (text: string) => (
    <Notice tone="warning" role="status">
      <p>
        {problem} {text}
      </p>
      <button type="button" className="secondary" onClick={onUseMirror}>
        Switch to the local mirror
      </button>
    </Notice>
  );
  if (mirror?.status.type === 'answering') {
    return offer(
      'The local mirror is answering: it serves synthetic demo data, shaped like real records.',
    );
  }
  // Not asked (only the chosen source is probed): offer it without knocking on localhost first.
  if (mirror?.status.type === 'unchecked') {
    return offer(
      'If the local mirror runs on this computer (npm start), you can use it: it serves synthetic demo data, shaped like real records.',
    );
  }
  if (mirror?.status.type === 'checking') return null;
  return (
    <Notice tone="warning" role="status">
      <p>
        {problem} The local mirror is not answering either. Check your internet connection, or start
        the mirror with <code>npm start</code>, then press “Check again”.
      </p>
    </Notice>
  );
}
