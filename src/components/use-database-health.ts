import { useSyncExternalStore } from 'react';
import { databaseHealth, dismissLost, subscribeDatabaseHealth } from '../store/connection.ts';

/**
 * Whether the app's database is what it was (see store/database-health.ts); `dismiss` accepts
 * the loss (the notice is not shown again).
 */
export function useDatabaseHealth() {
  const health = useSyncExternalStore(subscribeDatabaseHealth, databaseHealth);
  return { health, dismiss: dismissLost };
}
