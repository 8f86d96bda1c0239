/** What the datasets list needs from the app: open a stored query, refresh it. */
export interface DatasetsViewProps {
  /** Shows the stored dataset: navigates to its query (`?source=…&modality=…`). */
  onOpen: (search: string) => void;
  /** Opens the dataset's query and starts a refresh of it. */
  onRefresh: (search: string) => void;
  /** The dataset a download is running for (its buttons are disabled), if any. */
  activeKey: string | null;
}

/** Placeholder until the feature lands (being built now). */
export function DatasetsView(_props: DatasetsViewProps) {
  return <p className="muted">Coming in this session.</p>;
}
