/**
 * Measures the synthetic generator: time and memory to generate N T1w records (default
 * 1,000,000), and the cost of building documents on demand.
 *
 *   npx tsx mirror/bench/generate.ts [N]
 *
 * Prints one JSON object per line, e.g.
 *   {"bench":"mirror-generate-1m","metric":"seconds","value":6.1,"unit":"s"}
 */
import { generateDatabase } from '../data/synthetic/dataset.ts';
import type { Collection } from '../data/types.ts';

const BATCHES = 200;
const BATCH_DOCS = 250;
const PAGE = 50;

function emit(bench: string, metric: string, value: number, unit: string): void {
  console.log(JSON.stringify({ bench, metric, value: Number(value.toFixed(3)), unit }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** µs per document, median over batches: random positions, and whole pages of consecutive rows. */
function docAtCost(collection: Collection): { random: number; page: number } {
  const size = collection.size;
  let sink = 0;
  const random: number[] = [];
  const page: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    let start = performance.now();
    for (let k = 0; k < BATCH_DOCS; k++)
      sink += collection.docAt((b * 7919 + k * 104_729) % size)._etag.length;
    random.push(((performance.now() - start) * 1000) / BATCH_DOCS);
    const first = (b * 104_729) % Math.max(1, size - PAGE);
    start = performance.now();
    for (let k = 0; k < PAGE && first + k < size; k++)
      sink += collection.docAt(first + k)._etag.length;
    page.push(((performance.now() - start) * 1000) / PAGE);
  }
  if (sink === 0) console.error('unexpected: no documents read');
  return { random: median(random), page: median(page) };
}

function main(): void {
  const count = Number(process.argv[2] ?? 1_000_000);
  if (!Number.isInteger(count) || count <= 0)
    throw new Error(`usage: generate.ts [N>0], got ${process.argv[2]}`);
  const name = `mirror-generate-${count % 1_000_000 === 0 ? `${count / 1_000_000}m` : count}`;
  const start = performance.now();
  const db = generateDatabase({ records: { T1w: count }, seed: 42 });
  const seconds = (performance.now() - start) / 1000;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  emit(name, 'seconds', seconds, 's');
  emit(name, 'rss_mb', rssMb, 'MB');
  const cost = docAtCost(db.T1w);
  emit(name, 'docat_us_median', cost.random, 'us');
  emit(name, 'docat_page_us_median', cost.page, 'us');
  emit(name, 'peak_rss_mb', process.resourceUsage().maxRSS / 1024, 'MB');
}

main();
