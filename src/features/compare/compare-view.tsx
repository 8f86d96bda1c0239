/** Placeholder until the feature lands (being built now). */
export function CompareView() {
  return <p className="muted">Coming in this session.</p>;
}
