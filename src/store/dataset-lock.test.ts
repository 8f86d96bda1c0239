import { describe, expect, it } from 'vitest';
import {
  datasetLockName,
  holdDatasetLock,
  lockedDatasetKeys,
  withDatasetLock,
} from './dataset-lock.ts';
import { DatasetBusyError } from './errors.ts';
import { FakeLocks } from './fake-locks.ts';

/** A promise and the function that settles it: a job that runs until the test lets it end. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('datasetLockName', () => {
  it('names the lock after the dataset key (the compactor takes the same name)', () => {
    expect(datasetLockName('modality=T1w&source=x')).toBe('crowdmri:dataset:modality=T1w&source=x');
  });
});

describe('withDatasetLock', () => {
  it('refuses a second writer of the same dataset while the first runs, with DatasetBusyError', async () => {
    const locks = new FakeLocks();
    const download = gate();
    const first = withDatasetLock(locks, 'A', async () => {
      await download.opened;
      return 'downloaded';
    });
    let deleted = false;
    const second = withDatasetLock(locks, 'A', async () => {
      deleted = true;
    });
    await expect(second).rejects.toBeInstanceOf(DatasetBusyError);
    await expect(second).rejects.toMatchObject({
      name: 'DatasetBusyError',
      datasetKey: 'A',
      message: expect.stringMatching(/downloaded in another tab/),
    });
    expect(deleted).toBe(false);
    download.open();
    expect(await first).toBe('downloaded');
    // Free again: the delete now runs.
    await withDatasetLock(locks, 'A', async () => {
      deleted = true;
    });
    expect(deleted).toBe(true);
  });

  it('lets writers of different datasets run at once', async () => {
    const locks = new FakeLocks();
    const a = gate();
    const first = withDatasetLock(locks, 'A', () => a.opened);
    await expect(withDatasetLock(locks, 'B', async () => 'b')).resolves.toBe('b');
    a.open();
    await first;
  });

  it('with wait: queues behind the holder instead of refusing', async () => {
    const locks = new FakeLocks();
    const a = gate();
    const order: string[] = [];
    const first = withDatasetLock(locks, 'A', async () => {
      await a.opened;
      order.push('download');
    });
    const second = withDatasetLock(locks, 'A', async () => order.push('compact'), { wait: true });
    await Promise.resolve();
    expect(order).toEqual([]);
    a.open();
    await Promise.all([first, second]);
    expect(order).toEqual(['download', 'compact']);
  });

  it('releases the lock when the job throws', async () => {
    const locks = new FakeLocks();
    await expect(
      withDatasetLock(locks, 'A', async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(locks.heldNames()).toEqual([]);
    await expect(withDatasetLock(locks, 'A', async () => 'ok')).resolves.toBe('ok');
  });

  it('runs unguarded where the browser has no Web Locks', async () => {
    await expect(withDatasetLock(undefined, 'A', async () => 'ok')).resolves.toBe('ok');
  });
});

describe('lockedDatasetKeys', () => {
  it("lists the datasets whose lock is held now, and nothing else's", async () => {
    const locks = new FakeLocks();
    const a = gate();
    const other = gate();
    const held = withDatasetLock(locks, 'modality=T1w', () => a.opened);
    const unrelated = locks.request('some-other-lock', {}, () => other.opened);
    expect(await lockedDatasetKeys(locks)).toEqual(new Set(['modality=T1w']));
    a.open();
    other.open();
    await Promise.all([held, unrelated]);
    expect(await lockedDatasetKeys(locks)).toEqual(new Set());
    expect(await lockedDatasetKeys(undefined)).toEqual(new Set());
  });
});

describe('holdDatasetLock', () => {
  it('holds the lock from when it resolves until release, refusing others meanwhile', async () => {
    const locks = new FakeLocks();
    const release = await holdDatasetLock(locks, 'A');
    expect(locks.heldNames()).toEqual(['crowdmri:dataset:A']);
    await expect(holdDatasetLock(locks, 'A')).rejects.toBeInstanceOf(DatasetBusyError);
    await expect(withDatasetLock(locks, 'A', async () => 'delete')).rejects.toBeInstanceOf(
      DatasetBusyError,
    );
    release();
    await new Promise((resolve) => setTimeout(resolve, 0)); // the lock is let go as a later step
    await expect(withDatasetLock(locks, 'A', async () => 'delete')).resolves.toBe('delete');
  });
});
