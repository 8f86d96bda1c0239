import { describe, expect, it } from 'vitest';
import { getFilter, saveFilter } from './filters.ts';
import { setupTestDb } from './test-db.test-support.ts';

const store = setupTestDb('crowdmri-filters-test');

describe('filters store', () => {
  it('keeps a long filter under its reference, and says when it has none', async () => {
    const where = `{"snr_total": {"$in": [${Array.from({ length: 20_000 }, (_, i) => i).join(', ')}]}}`;
    await saveFilter(store.db(), { ref: 'a'.repeat(32), where, savedAt: 1 });
    expect(await getFilter(store.db(), 'a'.repeat(32))).toBe(where);
    expect(await getFilter(store.db(), 'b'.repeat(32))).toBeUndefined();
    const reopened = await store.reopen();
    expect(await getFilter(reopened, 'a'.repeat(32))).toBe(where);
  });
});
