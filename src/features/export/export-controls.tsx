/** Placeholder until the feature lands (being built now). */
export function ExportControls() {
  return <p className="muted">Coming in this session.</p>;
}
