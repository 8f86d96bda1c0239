import type { BenchContext } from './context.ts';
import { type IngestResult, ingestOnce } from './ingest.ts';
import type { MirrorSpec } from './mirror.ts';

export const RECORDS_1M = 1_000_000;
export const MIRROR_1M: MirrorSpec = { records: RECORDS_1M };
const KEY = 'profile-1m';

/**
 * Downloads 1M records into a profile kept for the rest of the run, so reopen-1m (and, later,
 * issue 4's table/sort/dedup/scroll/export benches) can open the stored dataset without paying
 * for the download again. ingest-1m measures this download; a later bench run alone calls it
 * unmeasured.
 */
export async function download1m(ctx: BenchContext, label: string): Promise<IngestResult> {
  const mirror = await ctx.mirror(MIRROR_1M);
  const result = await ingestOnce(ctx, mirror, {
    records: RECORDS_1M,
    timeoutS: 1200,
    keepProfile: true,
    profileDir: ctx.newProfile('dataset-1m'),
    label,
  });
  ctx.shared.set(KEY, result.profileDir);
  return result;
}

/** The profile holding the stored 1M dataset, downloading it first if this run has none yet. */
export async function profileWith1m(ctx: BenchContext): Promise<string> {
  const dir = ctx.shared.get(KEY);
  if (typeof dir === 'string') return dir;
  ctx.log('no 1M dataset in this run yet: downloading it first (not measured)');
  return (await download1m(ctx, 'preparing the 1M dataset')).profileDir;
}
