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
  const reason = status.reason;
  if (mirror?.status.type === 'answering') {
    return (
      <Notice tone="warning" role="status">
        <p>
          {capitalise(selected.name)} is not answering from this computer ({reason}). The local
          mirror is answering: it serves synthetic demo data, shaped like real records.
        </p>
        <button type="button" className="secondary" onClick={onUseMirror}>
          Switch to the local mirror
        </button>
      </Notice>
    );
  }
  if (mirror?.status.type === 'checking') return null;
  return (
    <Notice tone="warning" role="status">
      <p>
        No data source is answering: neither {selected.name} ({reason}) nor the local mirror. Check
        your internet connection, or start the mirror with <code>npm start</code>, then press “Check
        again”.
      </p>
    </Notice>
  );
}
