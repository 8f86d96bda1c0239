import { useId, useState } from 'react';

/** A file input labelled "MRIQC group file" that also takes a file dropped on its box. */
export function FilePicker(props: {
  onPick: (file: File) => void;
  busy: boolean;
  /** The file last chosen (the input is cleared after each choice). */
  current: string | null;
}) {
  const { onPick, busy, current } = props;
  const id = useId();
  const [dragging, setDragging] = useState(false);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a mouse shortcut; the labelled file input inside is the accessible way in
    <div
      className="compare-drop"
      data-dragging={dragging || undefined}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const file = event.dataTransfer.files[0];
        if (file) onPick(file);
      }}
    >
      <label htmlFor={id}>MRIQC group file</label>
      <input
        id={id}
        type="file"
        accept=".tsv,.csv,.txt,text/tab-separated-values,text/csv"
        aria-describedby={`${id}-hint`}
        disabled={busy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so choosing the same file again (after fixing it) is noticed.
          event.target.value = '';
          if (file) onPick(file);
        }}
      />
      <p id={`${id}-hint`} className="hint">
        Choose or drop the <code>group_T1w.tsv</code>, <code>group_T2w.tsv</code> or{' '}
        <code>group_bold.tsv</code> that MRIQC wrote for your study (or the same table as CSV), up
        to 20 MB. It is read in this browser and never uploaded.
      </p>
      {current ? (
        <p className="compare-current">
          Your file: <strong>{current}</strong>
        </p>
      ) : null}
    </div>
  );
}
