import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * Asks before something that loses work: a modal <dialog> (focus moves in, Escape cancels)
 * with Cancel first — showModal focuses it, the safe choice — and the action named on its
 * button. Closed while `open` is false.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  /** The action's own words ("Drop them and start over"), never a bare "OK". */
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { open, title, children, confirmLabel, onConfirm, onCancel } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {open ? (
        <>
          <h3 id={titleId}>{title}</h3>
          {children}
          <div className="confirm-dialog-actions">
            <button type="button" className="secondary" onClick={onCancel}>
              Cancel
            </button>
            <button type="button" className="danger" onClick={onConfirm}>
              {confirmLabel}
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
