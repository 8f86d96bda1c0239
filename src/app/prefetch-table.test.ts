import { QueryObserver, queryOptions } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { canonicalQueryKey, parseQuery } from '../api/explorer-query.ts';
import { QUERY_DEFAULTS } from '../features/query/sources.ts';
import { fromDecoded } from '../frame/column.ts';
import { Frame } from '../frame/frame.ts';
import { datasetKeys } from '../queries/dataset-keys.ts';
import { frameQueryOptions } from '../queries/dataset-queries.ts';
import { createQueryClient } from '../queries/query-client.ts';
import { prefetchTable } from './prefetch-table.ts';

const COLUMNS = ['_created', 'provenance.version', 'cjv', 'snr_total', 'provenance.md5sum', 'efc'];

/** Opens count how often the dataset was opened; `reads` what its frames read. */
function storedDataset() {
  const opens: string[] = [];
  const reads: string[] = [];
  const dedupReads: string[] = [];
  const options = (datasetKey: string) =>
    queryOptions({
      ...frameQueryOptions(datasetKey),
      queryFn: async () => {
        opens.push(datasetKey);
        return new Frame(
          2,
          COLUMNS.map((name) => ({ name, type: 'number' as const })),
          async (name) => {
            reads.push(name);
            return fromDecoded([1, 2]);
          },
          {
            dedupIndex: async (key) => {
              dedupReads.push(key);
              return null;
            },
          },
        );
      },
    });
  return { options, opens, reads, dedupReads };
}

const T1W = '?source=https%3A%2F%2Fmriqc.nimh.nih.gov%2Fapi%2Fv1&modality=T1w&software=mriqc';
const keyOf = (search: string) => canonicalQueryKey(parseQuery(search, QUERY_DEFAULTS));

describe('prefetchTable', () => {
  it("opens the address's dataset and starts reading what its table shows; the table then finds the same frame", async () => {
    const client = createQueryClient();
    const stored = storedDataset();
    await prefetchTable(client, T1W, stored.options);
    // T1w defaults the dataset has, in the table's order (no md5sum: it is not shown).
    expect(stored.reads).toEqual(['_created', 'provenance.version', 'cjv', 'snr_total', 'efc']);
    expect(stored.dedupReads).toEqual(['md5sum']);
    // The table's own query, mounted a render later, is given the frame already open.
    const shown = new QueryObserver(client, stored.options(keyOf(T1W)));
    const stop = shown.subscribe(() => undefined);
    const frame = shown.getCurrentResult().data;
    expect(frame).toBeInstanceOf(Frame);
    expect(stored.opens).toHaveLength(1);
    expect(frame?.loadedNames().sort()).toEqual(
      ['_created', 'provenance.version', 'cjv', 'snr_total', 'efc'].sort(),
    );
    stop();
  });

  it("reads the address's own columns, sort and filter, and the dedup key it names", async () => {
    const client = createQueryClient();
    const stored = storedDataset();
    const search = `${T1W}&cols=cjv&sort=efc&f=snr_total%3Arange%3A5..&dedup=md5sum%2Bversion&view=table`;
    await prefetchTable(client, search, stored.options);
    expect(stored.reads).toEqual(['cjv', 'efc', 'snr_total']);
    expect(stored.dedupReads).toEqual(['md5sum+version']);
  });

  it('reads nothing for another view, or for a long filter not read yet', async () => {
    const stored = storedDataset();
    await prefetchTable(createQueryClient(), `${T1W}&view=charts`, stored.options);
    await prefetchTable(createQueryClient(), `${T1W}&whereRef=f0123456789abcdef`, stored.options);
    expect(stored.opens).toEqual([]);
  });

  it('nothing stored: nothing read, and the table finds that out without asking again', async () => {
    const client = createQueryClient();
    await prefetchTable(client, T1W, (key) =>
      queryOptions({ ...frameQueryOptions(key), queryFn: async () => null }),
    );
    expect(client.getQueryData(datasetKeys.frame(keyOf(T1W)))).toBeNull();
  });
});
