/**
 * At most one progress update every `everyMs`, the latest value winning: a worker may report
 * hundreds of times a second, while each update re-renders part of the page. The end of the
 * work (`settle`) keeps the same spacing, so the final render is never a burst after the last
 * progress render, and carries the latest value with it.
 *
 * @example
 * const throttle = new ProgressThrottle(setProgress, 300);
 * for (const page of pages) throttle.push(page.progress); // renders at most every 300 ms
 * await throttle.settle(); // the last value is out; now render the outcome
 */
export class ProgressThrottle<T> {
  private latest: { value: T } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When a value was last delivered (null: none yet). */
  private last: number | null = null;
  private readonly start: number;
  private stopped = false;
  private settling = false;

  constructor(
    private readonly deliver: (value: T) => void,
    private readonly everyMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  push(value: T): void {
    if (this.stopped) return;
    this.latest = { value };
    if (this.timer || this.settling) return;
    // The first update also waits its turn: work shorter than `everyMs` renders only its end.
    const wait = (this.last ?? this.start) + this.everyMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /**
   * Resolves once the next render may happen, after delivering any value still pending; the
   * caller renders the outcome in the same turn (React batches the two).
   */
  async settle(): Promise<void> {
    if (this.stopped) return;
    this.settling = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const wait = this.last === null ? 0 : this.last + this.everyMs - this.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (this.stopped) return;
    this.stopped = true;
    this.flush();
  }

  /** Drops what is pending and delivers nothing more (the caller gave up). */
  cancel(): void {
    this.stopped = true;
    this.latest = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.timer = null;
    const latest = this.latest;
    this.latest = null;
    if (!latest) return;
    this.last = this.now();
    this.deliver(latest.value);
  }
}
