const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Writes `text` into a drawing's top-right corner as an SVG <text>, inside the picture: a
 * screenshot or a saved copy of the chart carries it. `drawing` is Plot's result, an <svg> or a
 * <figure> holding legends and then the chart's <svg> (the last one).
 */
export function markDrawing(drawing: Element, text: string): void {
  const svgs = drawing instanceof SVGSVGElement ? [drawing] : [...drawing.querySelectorAll('svg')];
  const svg = svgs[svgs.length - 1];
  if (!svg) return;
  const width = Number(svg.getAttribute('width')) || svg.viewBox.baseVal?.width || 0;
  const mark = document.createElementNS(SVG_NS, 'text');
  mark.setAttribute('class', 'synthetic-svg-mark');
  mark.setAttribute('x', String(Math.max(0, width - 4)));
  mark.setAttribute('y', '11');
  mark.setAttribute('text-anchor', 'end');
  mark.setAttribute('font-size', '11');
  mark.setAttribute('font-weight', '700');
  mark.setAttribute('fill', '#5e3591');
  mark.textContent = text;
  svg.append(mark);
}
