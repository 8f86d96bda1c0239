import { useCallback, useEffect, useState } from 'react';

export interface StorageInfo {
  usage: number;
  quota: number;
  /** null until asked (when a download starts). */
  persisted: boolean | null;
}

/** `navigator.storage.estimate()`, re-read on demand; `persist()` asked when a download starts. */
export function useStorageEstimate() {
  const [info, setInfo] = useState<StorageInfo | null>(null);
  const refresh = useCallback(async () => {
    if (!navigator.storage?.estimate) return;
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    setInfo((old) => ({ usage, quota, persisted: old?.persisted ?? null }));
  }, []);
  const persist = useCallback(async () => {
    if (!navigator.storage?.persist) return;
    const persisted = await navigator.storage.persist().catch(() => false);
    setInfo((old) => (old ? { ...old, persisted } : old));
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { storage: info, refreshStorage: refresh, persistStorage: persist };
}
