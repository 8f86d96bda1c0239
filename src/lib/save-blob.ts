/** Keeps a download's URL alive a while: revoking it at once can cut a large download short. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Hands `blob` to the browser as a download named `fileName`. The link is attached while it is
 * clicked (Firefox ignores clicks on detached links).
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** A CSV text as a UTF-8 download. */
export function saveCsvText(text: string, fileName: string): void {
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName);
}
