/**
 * Draws the app's PNG icons from public/icons/icon.svg with Chromium (the browser the tests use):
 * `npx tsx scripts/make-icons.ts`. Run it after changing the SVG and commit the PNGs.
 * "any" icons get rounded corners; "maskable" ones stay full-bleed (the platform crops them, and
 * the drawing keeps inside the central 80 % safe zone).
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium-path.ts';

const ICONS = [
  { file: 'icon-192.png', size: 192, rounded: true },
  { file: 'icon-512.png', size: 512, rounded: true },
  { file: 'maskable-512.png', size: 512, rounded: false },
  { file: 'apple-touch-icon-180.png', size: 180, rounded: false },
] as const;

const dir = new URL('../public/icons/', import.meta.url);
const svg = readFileSync(new URL('icon.svg', dir), 'utf8');
const lookup = findChromium();
if (lookup.type === 'missing') throw new Error(lookup.message);
const browser = await chromium.launch({ executablePath: lookup.path, args: CHROMIUM_ARGS });
try {
  for (const { file, size, rounded } of ICONS) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const radius = rounded ? size * 0.18 : 0;
    await page.setContent(
      `<html><body style="margin:0;background:transparent">` +
        `<div style="width:${size}px;height:${size}px;border-radius:${radius}px;overflow:hidden">` +
        svg.replace('<svg ', `<svg width="${size}" height="${size}" `) +
        `</div></body></html>`,
    );
    await page.screenshot({ path: new URL(file, dir).pathname, omitBackground: true });
    await page.close();
    console.log(`public/icons/${file} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
