import { inlinedCopy } from '../../lib/svg-inline.ts';
import { wrapText } from './figure-caption.ts';

/**
 * A chart as one standalone SVG file: its title, Plot's legend (HTML on screen, redrawn here as
 * SVG), the drawing with its look inlined, and the caption — all inside the picture, so the
 * file opened alone (or its PNG) looks like the screen and says what it shows. The width is
 * the drawing's on-screen width; the height grows with title, legend and caption.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const TITLE_SIZE = 14;
const TEXT_SIZE = 12;
const CAPTION_SIZE = 11;
const CAPTION_LINE = 15;
const SWATCH = 15;
const GAP = 8;
/** Text keeps this far from the picture's left and right edges. */
const PAD = 4;

export interface FigureFile {
  /** The SVG document as text (UTF-8, with an XML declaration). */
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** Text widths as the browser will draw them, for wrapping. */
function measurer(fontFamily: string): (text: string, size: number, weight?: number) => number {
  const context = document.createElement('canvas').getContext('2d');
  return (text, size, weight = 400) => {
    if (!context) return text.length * size * 0.6;
    context.font = `${weight} ${size}px ${fontFamily}`;
    return context.measureText(text).width;
  };
}

/**
 * Builds the file from `drawing`, Plot's result as it is in the page (an <svg>, or a <figure>
 * holding a legend and then the <svg>). `summary` (what a screen reader hears for the chart)
 * becomes the file's description.
 */
export function figureFile(
  drawing: Element,
  title: string,
  summary: string,
  caption: readonly string[],
): FigureFile {
  const charts =
    drawing instanceof SVGSVGElement ? [drawing] : [...drawing.querySelectorAll('svg')];
  const drawings = charts.filter((svg) => !svg.closest('[class$="-swatch"]'));
  const chart = drawings.at(-1);
  if (!chart) throw new Error('the chart has no drawing yet');
  // Legends Plot draws as SVG (a colour ramp) come before the chart: copied as they are.
  const svgLegends = drawings.slice(0, -1);
  const box = chart.getBoundingClientRect();
  const width = Math.round(Number(chart.getAttribute('width')) || box.width);
  const chartHeight = Math.round(Number(chart.getAttribute('height')) || box.height);
  const look = getComputedStyle(chart);
  const fontFamily = look.getPropertyValue('font-family') || 'system-ui, sans-serif';
  const textColor = look.getPropertyValue('color') || '#1c2530';
  const muted =
    getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#4b5563';
  const measure = measurer(fontFamily);

  const root = svgElement('svg', {
    width,
    height: 0,
    viewBox: `0 0 ${width} 0`,
    'font-family': fontFamily,
    fill: textColor,
  });
  // Named for viewers and screen readers that open the file: the title, the key numbers.
  const name = svgElement('title', {});
  name.textContent = title;
  const description = svgElement('desc', {});
  description.textContent = [summary, ...caption].join('\n');
  root.append(name, description);
  root.append(svgElement('rect', { width: '100%', height: '100%', fill: '#ffffff' }));
  let y = 0;

  const titleLines = wrapText(title, width - 2 * PAD, (t) => measure(t, TITLE_SIZE, 700));
  for (const line of titleLines) {
    y += TITLE_SIZE + 4;
    const text = svgElement('text', { x: PAD, y, 'font-size': TITLE_SIZE, 'font-weight': 700 });
    text.textContent = line;
    root.append(text);
  }
  y += GAP;

  // Plot's legend swatches, one row after another as wide as the figure.
  const swatches = [...drawing.querySelectorAll('[class$="-swatch"]')];
  if (swatches.length > 0) {
    let x = PAD;
    y += 2;
    for (const swatch of swatches) {
      const label = swatch.textContent?.trim() ?? '';
      const itemWidth = SWATCH + 6 + measure(label, TEXT_SIZE) + 16;
      if (x > PAD && x + itemWidth > width - PAD) {
        x = PAD;
        y += SWATCH + 6;
      }
      const mark = swatch.querySelector('svg');
      if (mark) {
        const copy = inlinedCopy(mark);
        copy.setAttribute('x', String(x));
        copy.setAttribute('y', String(y));
        copy.setAttribute('overflow', 'visible');
        root.append(copy);
      }
      const text = svgElement('text', {
        x: x + SWATCH + 6,
        y: y + SWATCH - 3,
        'font-size': TEXT_SIZE,
      });
      text.textContent = label;
      root.append(text);
      x += itemWidth;
    }
    y += SWATCH + GAP;
  }

  for (const legend of svgLegends) {
    const legendCopy = inlinedCopy(legend);
    const legendHeight = Math.round(
      Number(legend.getAttribute('height')) || legend.getBoundingClientRect().height,
    );
    legendCopy.removeAttribute('style');
    legendCopy.setAttribute('x', String(PAD));
    legendCopy.setAttribute('y', String(y));
    legendCopy.setAttribute('overflow', 'visible');
    root.append(legendCopy);
    y += legendHeight + GAP;
  }

  const copy = inlinedCopy(chart);
  copy.removeAttribute('style');
  copy.setAttribute('x', '0');
  copy.setAttribute('y', String(y));
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(chartHeight));
  // On screen the axes' labels may reach past the drawing's box (CSS overflow: visible).
  copy.setAttribute('overflow', 'visible');
  root.append(copy);
  y += chartHeight + GAP;

  const notes = svgElement('g', {
    class: 'figure-caption',
    'font-size': CAPTION_SIZE,
    fill: muted,
  });
  for (const line of caption) {
    for (const piece of wrapText(line, width - 2 * PAD, (t) => measure(t, CAPTION_SIZE))) {
      y += CAPTION_LINE;
      const text = svgElement('text', { x: PAD, y });
      text.textContent = piece;
      notes.append(text);
    }
  }
  root.append(notes);
  const height = Math.ceil(y + GAP);
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
  return { text, width, height };
}
