import { findChromium } from './chromium-path.ts';

const lookup = findChromium();
if (lookup.type === 'missing') {
  console.error(`\n${lookup.message}\n`);
  process.exit(1);
}
console.log(`e2e browser: ${lookup.path ?? "Playwright's Chromium"} (${lookup.from})`);
