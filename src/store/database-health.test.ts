import { describe, expect, it } from 'vitest';
import {
  checkDatabase,
  forget,
  type MarkerStorage,
  markSaved,
  SAVED_MARKER,
  type SavedDataset,
} from './database-health.ts';

function memoryStorage(): MarkerStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

const dataset = (modality: string, stored: number, createdAt = 1000): SavedDataset => ({
  key: `{"modality":"${modality}"}`,
  modality,
  query: { modality, software: 'mriqc' },
  stored,
  complete: stored === 2000,
  createdAt,
});
const t2w = dataset('T2w', 2000);
const t1w = dataset('T1w', 50_736);

describe('checkDatabase', () => {
  it('a first visit, with nothing ever saved, is fine', () => {
    expect(checkDatabase(memoryStorage(), [])).toEqual({ type: 'ok' });
  });

  it('an empty database where datasets were saved was lost whole, each dataset named', () => {
    const storage = memoryStorage();
    expect(checkDatabase(storage, [t2w, t1w])).toEqual({ type: 'ok' });
    const lost = { type: 'lost', whole: true, datasets: [t2w, t1w] };
    expect(checkDatabase(storage, [])).toEqual(lost);
    // Still lost on the next look (a reload): only the user's say-so clears it.
    expect(checkDatabase(storage, [])).toEqual(lost);
  });

  it('a database that kept the older datasets but not the one being written lost that one', () => {
    const storage = memoryStorage();
    checkDatabase(storage, [t2w, t1w]);
    expect(checkDatabase(storage, [t2w])).toEqual({ type: 'lost', whole: false, datasets: [t1w] });
    expect(checkDatabase(storage, [t2w])).toEqual({ type: 'lost', whole: false, datasets: [t1w] });
  });

  it('a run that began saving counts before any look at the list', () => {
    const storage = memoryStorage();
    checkDatabase(storage, [t2w]);
    const starting = { ...t1w, stored: 50, complete: false };
    markSaved(storage, [starting]);
    expect(checkDatabase(storage, [t2w])).toEqual({
      type: 'lost',
      whole: false,
      datasets: [starting],
    });
  });

  it('the counts follow the latest look at the list', () => {
    const storage = memoryStorage();
    markSaved(storage, [{ ...t1w, stored: 50 }]);
    markSaved(storage, [t1w]);
    expect(checkDatabase(storage, [])).toEqual({ type: 'lost', whole: true, datasets: [t1w] });
  });

  it('a dataset the user deleted is no loss, even if a list read before the delete lands after', () => {
    const storage = memoryStorage();
    checkDatabase(storage, [t2w, t1w]);
    forget(storage, [t1w.key], true, 5000);
    markSaved(storage, [t2w, t1w]); // the storage estimate's list, read just before the delete
    expect(checkDatabase(storage, [t2w])).toEqual({ type: 'ok' });
    forget(storage, [t2w.key], true, 5001);
    expect(checkDatabase(storage, [])).toEqual({ type: 'ok' });
    // Downloaded again later: a new dataset under the same key, listed again.
    const again = { ...t1w, createdAt: 9000 };
    markSaved(storage, [again]);
    expect(checkDatabase(storage, [])).toEqual({ type: 'lost', whole: true, datasets: [again] });
  });

  it('dismissing the notice clears it for good', () => {
    const storage = memoryStorage();
    checkDatabase(storage, [t2w, t1w]);
    forget(storage, [t1w.key], false);
    expect(checkDatabase(storage, [t2w])).toEqual({ type: 'ok' });
    checkDatabase(storage, []);
    forget(storage, [t2w.key], false);
    expect(checkDatabase(storage, [])).toEqual({ type: 'ok' });
  });

  it('an older version\'s marker ("1"): an empty database was lost, which datasets unknown', () => {
    const storage = memoryStorage();
    storage.items.set(SAVED_MARKER, '1');
    expect(checkDatabase(storage, [])).toEqual({ type: 'lost', whole: true, datasets: [] });
    forget(storage, [], false);
    expect(checkDatabase(storage, [])).toEqual({ type: 'ok' });

    // With datasets still there, the marker becomes their list.
    storage.items.set(SAVED_MARKER, '1');
    expect(checkDatabase(storage, [t2w])).toEqual({ type: 'ok' });
    expect(checkDatabase(storage, [])).toEqual({ type: 'lost', whole: true, datasets: [t2w] });
  });

  it('an unreadable marker is taken as "datasets were saved"', () => {
    const storage = memoryStorage();
    storage.items.set(SAVED_MARKER, '{not json');
    expect(checkDatabase(storage, [])).toEqual({ type: 'lost', whole: true, datasets: [] });
  });

  it('says nothing, and throws nothing, when localStorage is missing or refuses', () => {
    const refusing: MarkerStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(checkDatabase(refusing, [t2w])).toEqual({ type: 'ok' });
    expect(checkDatabase(refusing, [])).toEqual({ type: 'ok' });
    expect(() => forget(refusing, [t2w.key])).not.toThrow();
    expect(() => markSaved(refusing, [t2w])).not.toThrow();
    expect(checkDatabase(null, [])).toEqual({ type: 'ok' });
  });
});
