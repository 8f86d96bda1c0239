import { QueryClient } from '@tanstack/react-query';

/**
 * One client for the app. Retries are off by default: probes must report "unreachable" within
 * their timeout, and the download engine runs its own retry policy with backoff.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
