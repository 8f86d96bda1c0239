import { useEffect, useState } from 'react';

/**
 * `value` once its `key` has stayed the same for `ms` (the first value at once): typing in the
 * filter or ticking several versions asks the server once, for where the user stopped.
 */
export function useDebounced<T>(value: T, key: string, ms: number): { value: T; key: string } {
  const [settled, setSettled] = useState({ value, key });
  useEffect(() => {
    if (key === settled.key) return;
    const timer = setTimeout(() => setSettled({ value, key }), ms);
    return () => clearTimeout(timer);
  }, [value, key, ms, settled.key]);
  return settled;
}
