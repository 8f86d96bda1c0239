import type { CDPSession, Page } from '@playwright/test';

/**
 * Peak JS heap of the page and its workers over a run, sampled with CDP `Runtime.getHeapUsage`
 * (`performance.memory` is quantised to 10 MB steps and missing in workers).
 *
 * Workers are reached through the page's own CDP session: `Target.setAutoAttach` in non-flat
 * mode attaches to each dedicated worker as it starts, and `Target.sendMessageToTarget` asks
 * that worker's isolate for its heap. `usedSize` counts live V8 heap objects; ArrayBuffer
 * backing stores (typed-array columns) are outside it, as in DevTools' heap figure.
 */
export class HeapSampler {
  private readonly workers = new Set<string>();
  private readonly pending = new Map<number, (used: number) => void>();
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;
  peakBytes = 0;
  peakPageBytes = 0;
  peakWorkersBytes = 0;
  samples = 0;

  private constructor(private readonly cdp: CDPSession) {}

  /** Attach before the page loads, so workers started by the app are seen from the start. */
  static async attach(page: Page): Promise<HeapSampler> {
    const cdp = await page.context().newCDPSession(page);
    const sampler = new HeapSampler(cdp);
    cdp.on('Target.attachedToTarget', (event) => {
      if (event.targetInfo.type === 'worker') sampler.workers.add(event.sessionId);
    });
    cdp.on('Target.detachedFromTarget', (event) => {
      if (event.sessionId) sampler.workers.delete(event.sessionId);
    });
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
      const resolve = message.id === undefined ? undefined : sampler.pending.get(message.id);
      if (!resolve) return;
      sampler.pending.delete(message.id!);
      resolve(message.result?.usedSize ?? 0);
    });
    await cdp.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    return sampler;
  }

  private workerHeap(sessionId: string): Promise<number> {
    const id = this.nextId++;
    const answer = new Promise<number>((resolve) => {
      this.pending.set(id, resolve);
      // A worker busy in a long task answers late; never let one sample hang the sampler.
      setTimeout(() => {
        if (this.pending.delete(id)) resolve(0);
      }, 2000);
    });
    const message = JSON.stringify({ id, method: 'Runtime.getHeapUsage' });
    this.cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => {
      this.workers.delete(sessionId);
    });
    return answer;
  }

  async sample(): Promise<number> {
    const page = await this.cdp
      .send('Runtime.getHeapUsage')
      .then((r) => r.usedSize)
      .catch(() => 0);
    const workers = await Promise.all([...this.workers].map((id) => this.workerHeap(id)));
    const workerBytes = workers.reduce((a, b) => a + b, 0);
    this.peakPageBytes = Math.max(this.peakPageBytes, page);
    this.peakWorkersBytes = Math.max(this.peakWorkersBytes, workerBytes);
    this.peakBytes = Math.max(this.peakBytes, page + workerBytes);
    this.samples++;
    return page + workerBytes;
  }

  /** Samples every `intervalMs` until stop(). */
  start(intervalMs = 250): void {
    this.timer = setInterval(() => {
      if (this.sampling) return;
      this.sampling = true;
      void this.sample().finally(() => {
        this.sampling = false;
      });
    }, intervalMs);
  }

  async stop(): Promise<{
    peakMb: number;
    peakPageMb: number;
    peakWorkersMb: number;
    samples: number;
  }> {
    clearInterval(this.timer);
    await this.sample();
    await this.cdp.detach().catch(() => undefined);
    const mb = (bytes: number) => bytes / 2 ** 20;
    return {
      peakMb: mb(this.peakBytes),
      peakPageMb: mb(this.peakPageBytes),
      peakWorkersMb: mb(this.peakWorkersBytes),
      samples: this.samples,
    };
  }

  get workerCount(): number {
    return this.workers.size;
  }
}
