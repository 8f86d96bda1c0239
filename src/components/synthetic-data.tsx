import { createContext, useContext } from 'react';

/**
 * Which data are synthetic (the local mirror's): the app knows the sources, the features only
 * ask. A context rather than props, so every view, chart and export file name can say so
 * without the features importing the query feature.
 */
export interface SyntheticData {
  /** The source in use (the query's) serves synthetic data. */
  readonly inUse: boolean;
  /** Whether records from `source` (an API base) are synthetic. */
  readonly isSynthetic: (source: string) => boolean;
}

const SyntheticDataContext = createContext<SyntheticData>({
  inUse: false,
  isSynthetic: () => false,
});

export const SyntheticDataProvider = SyntheticDataContext.Provider;

export function useSyntheticData(): SyntheticData {
  return useContext(SyntheticDataContext);
}

/** The words every mark uses, so a search (or a test) finds them all. */
export const SYNTHETIC_MARK = 'Synthetic demo data';

/** A visible mark over a view when the data in use are synthetic; nothing otherwise. */
export function SyntheticMark() {
  const { inUse } = useSyntheticData();
  if (!inUse) return null;
  return (
    <p className="synthetic-mark" role="note">
      <strong>{SYNTHETIC_MARK}</strong> from the local mirror — not real scans; do not use it for
      research.
    </p>
  );
}
