import { useSyncExternalStore } from 'react';
import { databaseHealth, noteDeleted, subscribeDatabaseHealth } from '../store/connection.ts';

/**
 * Whether the app's database is what it was (see store/database-health.ts); `dismiss` accepts
 * a lost one (an empty database is then expected).
 */
export function useDatabaseHealth() {
  const health = useSyncExternalStore(subscribeDatabaseHealth, databaseHealth);
  return { health, dismiss: () => noteDeleted(0) };
}
