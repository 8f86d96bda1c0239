import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Frame } from '../frame/frame.ts';
import { errorMessage } from '../lib/error-message.ts';
import { frameQueryOptions } from './dataset-queries.ts';

export type DatasetFrameState =
  | { status: 'loading' }
  | { status: 'empty' }
  | { status: 'ready'; frame: Frame }
  | { status: 'error'; message: string };

/**
 * The stored dataset of `datasetKey` as a lazy frame. It opens once per dataset; a download
 * that changes the stored count reopens it when the run ends (run-invalidation.ts), and the
 * open frame stays shown until the new one is ready — a running download never makes the
 * table re-read 1M rows.
 */
export function useDatasetFrame(datasetKey: string): DatasetFrameState {
  const { status, data, error } = useQuery(frameQueryOptions(datasetKey));
  return useMemo((): DatasetFrameState => {
    if (status === 'pending') return { status: 'loading' };
    if (status === 'error') return { status: 'error', message: errorMessage(error) };
    return data ? { status: 'ready', frame: data } : { status: 'empty' };
  }, [status, data, error]);
}
