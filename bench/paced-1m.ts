import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchContext } from './context.ts';
import { MIRROR_1M, RECORDS_1M } from './dataset-1m.ts';
import { ingestOnce } from './ingest.ts';
import { copyProfile, storeState } from './store-probe.ts';

/**
 * The 1M dataset as a download at the public API's pace stores it: ~1,000-record appends (a
 * commit every 2 s at hundreds of records/s). Built fast by the app itself, downloading from the
 * bench mirror with the engine's commit size set to 1,000 records (the `chunk=1000` URL param),
 * then closing the browser at once, before the compactor (which starts when the run ends) can
 * switch anything: the profile holds ~1,000 appended chunks, as after a download whose tab was
 * closed at the end. Benches open copies of it, so each starts from the same uncompacted state.
 *
 * BENCH_PROFILE_1M_PACED=DIR keeps it across runs (marked complete like BENCH_PROFILE_1M).
 */
const KEY = 'profile-1m-paced';
const COMPLETE_MARK = 'crowdmri-1m-paced-complete.json';
export const PACED_CHUNK = 1000;

export async function pacedProfile(ctx: BenchContext): Promise<string> {
  const known = ctx.shared.get(KEY);
  if (typeof known === 'string') return known;
  const kept = process.env.BENCH_PROFILE_1M_PACED
    ? resolve(process.env.BENCH_PROFILE_1M_PACED)
    : null;
  if (kept && existsSync(join(kept, COMPLETE_MARK))) {
    ctx.log(`reusing the paced 1M dataset in ${kept} (BENCH_PROFILE_1M_PACED)`);
    ctx.shared.set(KEY, kept);
    return kept;
  }
  const dir = kept ?? ctx.newProfile('paced-1m');
  if (existsSync(dir) && readdirSync(dir).length > 0) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  ctx.log(`storing 1M records in ${PACED_CHUNK}-record appends (not measured)`);
  const mirror = await ctx.mirror(MIRROR_1M);
  let appended = 0;
  await ingestOnce(ctx, mirror, {
    records: RECORDS_1M,
    timeoutS: 3600,
    keepProfile: true,
    profileDir: dir,
    label: 'paced 1M download',
    extra: { chunk: String(PACED_CHUNK) },
    afterDone: async (page) => {
      const state = await storeState(page);
      appended = state.datasets[0]?.appended ?? 0;
    },
  });
  if (appended < RECORDS_1M / PACED_CHUNK / 2) {
    throw new Error(
      `the paced profile holds only ${appended} appended chunks (compacted already?)`,
    );
  }
  ctx.log(`paced 1M dataset stored: ${appended} appended chunks`);
  if (kept) writeFileSync(join(kept, COMPLETE_MARK), `${JSON.stringify({ appended })}\n`);
  ctx.shared.set(KEY, dir);
  return dir;
}

/** A fresh copy of the paced profile for one measurement (removed at the end of the run). */
export async function pacedCopy(ctx: BenchContext): Promise<string> {
  const from = await pacedProfile(ctx);
  const to = ctx.newProfile('paced-copy');
  copyProfile(from, to);
  return to;
}
