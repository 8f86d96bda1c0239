import { type Column, fromDecoded } from './column.ts';
import type { DedupIndex, DedupKey } from './dedup.ts';

/** A column of the dataset's catalogue: `text` as soon as any record held a non-numeric value. */
export interface FrameColumnInfo {
  readonly name: string;
  readonly type: 'number' | 'text';
}

/** Reads one whole column (every chunk, in row order) from wherever the rows are kept. */
export type ColumnLoader = (name: string) => Promise<Column>;

/**
 * Reads a column's first rows (a column shorter than the frame: at least a screenful), so a
 * table opened at its top can show them before the whole column is read.
 */
export type FirstRowsLoader = (name: string) => Promise<Column>;

/**
 * What the store may already hold derived from the rows, so it need not be computed: the dedup
 * index by a key (null when none matches these rows). Asked at most once per frame and key.
 */
export interface StoredDerivations {
  dedupIndex(key: DedupKey): Promise<DedupIndex | null>;
}

/**
 * A dataset in memory, column by column, loaded only when something needs a column (shown,
 * sorted, filtered, charted, exported). A 1M-row IQM column is an 8 MB Float64Array; loading
 * all ~150 columns up front would cost seconds and a gigabyte, so nobody does.
 *
 * Pure: the loader (the store's column reader in the app, arrays in tests) does the I/O.
 *
 * @example
 * const frame = new Frame(2, [{ name: 'snr', type: 'number' }], async () => fromDecoded([1, 2]));
 * (await frame.load('snr')).kind // 'number'
 */
export class Frame {
  private readonly cache = new Map<string, Promise<Column>>();
  private readonly ready = new Map<string, Column>();
  private readonly byName: ReadonlyMap<string, FrameColumnInfo>;

  constructor(
    readonly rowCount: number,
    /** Every column of the dataset, in first-seen (pandas') order. */
    readonly columns: readonly FrameColumnInfo[],
    private readonly loader: ColumnLoader,
    private readonly derived?: StoredDerivations,
    private readonly firstRowsLoader?: FirstRowsLoader,
  ) {
    this.byName = new Map(columns.map((c) => [c.name, c]));
  }

  private readonly dedupIndexes = new Map<DedupKey, Promise<DedupIndex | null>>();

  /** The stored dedup index of these rows by `key`, or null (compute it from the columns). */
  storedDedupIndex(key: DedupKey): Promise<DedupIndex | null> {
    let index = this.dedupIndexes.get(key);
    if (!index) {
      index = this.derived ? this.derived.dedupIndex(key).catch(() => null) : Promise.resolve(null);
      this.dedupIndexes.set(key, index);
    }
    return index;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  info(name: string): FrameColumnInfo | undefined {
    return this.byName.get(name);
  }

  /** The column if it is already in memory (for synchronous rendering of the visible window). */
  loaded(name: string): Column | undefined {
    return this.ready.get(name);
  }

  /**
   * The column, loading it once; concurrent callers share the load. A name the dataset doesn't
   * have gives an all-missing column, so a stale URL naming an absent column shows blanks
   * instead of failing. A failed load is forgotten, so the next call tries again.
   */
  load(name: string): Promise<Column> {
    let pending = this.cache.get(name);
    if (!pending) {
      pending = this.byName.has(name)
        ? this.loader(name)
        : Promise.resolve(fromDecoded(new Float64Array(this.rowCount).fill(Number.NaN)));
      pending.then(
        (column) => {
          this.ready.set(name, column);
          // The whole column holds the first rows: no need to keep a copy of them.
          this.firstRows.delete(name);
          this.firstRowsReady.delete(name);
        },
        () => this.cache.delete(name),
      );
      this.cache.set(name, pending);
    }
    return pending;
  }

  private readonly firstRows = new Map<string, Promise<Column>>();
  private readonly firstRowsReady = new Map<string, Column>();

  /** The whole column if it is in memory, else its first rows if they are, else undefined. */
  firstRowsIn(name: string): Column | undefined {
    return this.ready.get(name) ?? this.firstRowsReady.get(name);
  }

  /**
   * The column's first rows, read once, or the whole column when it is in memory or the frame
   * has no quicker way to its top (then this is {@link load}). Rows past the result's length
   * are not in it: callers show them when the whole column arrives. A failed read is forgotten.
   */
  loadFirstRows(name: string): Promise<Column> {
    const whole = this.ready.get(name);
    if (whole) return Promise.resolve(whole);
    if (!this.firstRowsLoader || !this.byName.has(name)) return this.load(name);
    let pending = this.firstRows.get(name);
    if (!pending) {
      pending = this.firstRowsLoader(name);
      pending.then(
        (column) => {
          if (!this.ready.has(name)) this.firstRowsReady.set(name, column);
        },
        () => this.firstRows.delete(name),
      );
      this.firstRows.set(name, pending);
    }
    return pending;
  }

  /** Several columns, loaded concurrently, in the order asked. */
  loadMany(names: readonly string[]): Promise<Column[]> {
    return Promise.all(names.map((name) => this.load(name)));
  }

  /** Names of the columns in memory. */
  loadedNames(): string[] {
    return [...this.ready.keys()];
  }
}
