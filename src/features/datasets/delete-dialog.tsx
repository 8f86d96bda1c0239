import { useEffect, useId, useRef } from 'react';

/**
 * Asks before deleting: a modal <dialog> (focus moves in, Escape cancels), "Delete" and
 * "Cancel". `target` null = closed.
 */
export function DeleteDialog(props: {
  target: { label: string; records: number } | null;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { target, busy, onConfirm, onCancel } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (target && !dialog.open) dialog.showModal();
    if (!target && dialog.open) dialog.close();
  }, [target]);
  return (
    <dialog
      ref={ref}
      className="datasets-dialog"
      aria-labelledby={titleId}
      // showModal focuses the first button: Cancel, the safe choice.
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {target ? (
        <>
          <h3 id={titleId}>Delete these saved records?</h3>
          <p>
            This removes the {target.records.toLocaleString('en-US')} records of{' '}
            <strong>{target.label}</strong> from this browser. Downloading the query again brings
            them back.
          </p>
          <div className="datasets-dialog-actions">
            <button type="button" className="secondary" onClick={onCancel}>
              Cancel
            </button>
            <button type="button" className="danger" onClick={onConfirm} disabled={busy}>
              Delete
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
