import { useCallback, useEffect, useState } from 'react';
import { noteRecordsStored, sharedDb } from '../../store/connection.ts';
import { listDatasets } from '../../store/datasets.ts';

export interface StorageInfo {
  usage: number;
  quota: number;
  /** Whether the browser keeps this site's data until the user deletes it; null: can't tell. */
  persisted: boolean | null;
  /** Records stored over all datasets (what `usage` holds, to measure bytes per record). */
  records: number;
}

/** While a run writes, the figure is re-read this often. */
const LIVE_INTERVAL_MS = 5000;

/**
 * `navigator.storage.estimate()` and `persisted()`, re-read on load, when asked (after a run,
 * a delete), every few seconds while `live` (a run is writing) and when the tab is shown again.
 * `persistStorage` asks the browser to keep the data (done when a download starts).
 */
export function useStorageEstimate(live = false) {
  const [info, setInfo] = useState<StorageInfo | null>(null);
  const refresh = useCallback(async (): Promise<number | null> => {
    const storage = globalThis.navigator?.storage;
    if (!storage?.estimate) return null;
    const [estimate, persisted, records] = await Promise.all([
      storage.estimate(),
      storage.persisted?.().catch(() => null) ?? null,
      storedRecords(),
    ]);
    const { usage = 0, quota = 0 } = estimate;
    noteRecordsStored(records);
    setInfo({ usage, quota, persisted, records });
    return usage;
  }, []);
  const persist = useCallback(async () => {
    if (!navigator.storage?.persist) return;
    const persisted = await navigator.storage.persist().catch(() => false);
    setInfo((old) => (old ? { ...old, persisted } : old));
  }, []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Chromium answers 0 to the first estimate after the browser starts (seen: 0 bytes with
    // 20,000 records saved); a moment later it knows. Ask again while it says 0.
    const first = async (tries: number) => {
      const usage = await refresh().catch(() => null);
      if (!stopped && usage === 0 && tries > 1) timer = setTimeout(() => first(tries - 1), 1000);
    };
    void first(4);
    const onShow = () => {
      if (document.visibilityState === 'visible') void refresh().catch(() => {});
    };
    document.addEventListener('visibilitychange', onShow);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onShow);
    };
  }, [refresh]);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void refresh().catch(() => {}), LIVE_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [live, refresh]);

  return { storage: info, refreshStorage: refresh, persistStorage: persist };
}

/** Records held over all datasets (the dataset records are small counters; read on the page). */
async function storedRecords(): Promise<number> {
  const datasets = await listDatasets(await sharedDb()).catch(() => []);
  return datasets.reduce((sum, d) => sum + d.stored, 0);
}
