import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';

const count = (n: number) => n.toLocaleString('en-US');

/** "Start over" drops saved records: it says how many, and that Resume keeps them. */
export function StartOverDialog(props: {
  open: boolean;
  stored: number;
  /** The server's last reported total, if known. */
  total: number | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { stored, total } = props;
  const missing = total !== null && total > stored ? total - stored : null;
  return (
    <ConfirmDialog
      open={props.open}
      title="Start this download over?"
      confirmLabel="Drop them and start over"
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>
        The {count(stored)} records already saved for this query will be dropped from this browser
        and fetched again from the start
        {total !== null ? `, with the rest (${count(Math.max(total, stored))} in all)` : ''}.
      </p>
      <p>
        Cancel keeps them: Resume fetches only what is missing
        {missing !== null ? ` (${count(missing)} records)` : ''}.
      </p>
    </ConfirmDialog>
  );
}
