import { Notice } from '../../components/notice.tsx';
import { formatBytes } from './format.ts';
import { storageShortfall } from './storage-fit.ts';
import type { StorageInfo } from './use-storage-estimate.ts';

/**
 * What the browser holds and allows, whether it keeps the data, and a warning when the records
 * still to fetch (`remaining`) would not fit.
 */
export function StorageLine({
  storage,
  remaining,
}: {
  storage: StorageInfo | null;
  remaining: number;
}) {
  if (!storage) return null;
  const short = storageShortfall({ remaining, ...storage });
  return (
    <>
      {short ? (
        <Notice tone="warning">
          The records still to fetch need about {formatBytes(short.needed)}, and the browser lets
          this site use about {formatBytes(short.available)} more: the download will stop when
          storage runs out. Delete datasets you no longer need (Datasets tab), or narrow the query.
        </Notice>
      ) : null}
      <p className="storage-line muted">
        Browser storage: {formatBytes(storage.usage)} used of {formatBytes(storage.quota)} available
        {storage.persisted === true ? ' (kept until you delete it)' : ''}
        {storage.persisted === false ? ' (the browser may clear it when space runs low)' : ''}.
      </p>
    </>
  );
}
