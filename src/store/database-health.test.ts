import { describe, expect, it } from 'vitest';
import {
  checkDatabase,
  deleteLeft,
  type MarkerStorage,
  markSaved,
  SAVED_MARKER,
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

describe('checkDatabase', () => {
  it('a first visit, with nothing ever saved, is fine', () => {
    expect(checkDatabase(memoryStorage(), 0)).toEqual({ type: 'ok' });
  });

  it('an empty database where datasets were saved was lost (the browser deleted it)', () => {
    const storage = memoryStorage();
    expect(checkDatabase(storage, 2)).toEqual({ type: 'ok' });
    expect(checkDatabase(storage, 0)).toEqual({ type: 'lost' });
    // Still lost on the next look (a reload): only the user's say-so clears it.
    expect(checkDatabase(storage, 0)).toEqual({ type: 'lost' });
  });

  it('records committed during a first download count as saved', () => {
    const storage = memoryStorage();
    markSaved(storage);
    expect(checkDatabase(storage, 0)).toEqual({ type: 'lost' });
  });

  it('the user deleting the last dataset leaves an empty database that is not "lost"', () => {
    const storage = memoryStorage();
    checkDatabase(storage, 2);
    deleteLeft(storage, 1);
    expect(storage.items.get(SAVED_MARKER)).toBe('1');
    deleteLeft(storage, 0);
    expect(checkDatabase(storage, 0)).toEqual({ type: 'ok' });
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
    expect(checkDatabase(refusing, 3)).toEqual({ type: 'ok' });
    expect(checkDatabase(refusing, 0)).toEqual({ type: 'ok' });
    expect(() => deleteLeft(refusing, 0)).not.toThrow();
    expect(checkDatabase(null, 0)).toEqual({ type: 'ok' });
  });
});
