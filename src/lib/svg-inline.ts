/**
 * A drawing's look written into the drawing: the page styles an <svg> with CSS (currentColor,
 * the page's font, Plot's class rules), which a file opened alone no longer has. Each element
 * gets the computed values as presentation attributes — not a `style` attribute, which the
 * app's Content-Security-Policy refuses.
 */

/** Inherited in SVG: written on an element only where it differs from its parent. */
const INHERITED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
] as const;

/** Not inherited: written where it is not the initial value. */
const OWN: Readonly<Record<string, string>> = { opacity: '1' };

/** What getComputedStyle gives, as far as this module reads it. */
export interface ComputedValues {
  getPropertyValue(name: string): string;
}

/**
 * The presentation attributes an element needs to look as it does on screen, given its computed
 * style and its parent's (null for the outermost element, which gets every inherited value).
 *
 * @example
 * inlinedAttributes(style({ fill: 'rgb(0, 0, 0)', opacity: '0.5' }), style({ fill: 'rgb(0, 0, 0)' }))
 * // [['opacity', '0.5']]
 */
export function inlinedAttributes(
  own: ComputedValues,
  parent: ComputedValues | null,
): [string, string][] {
  const out: [string, string][] = [];
  for (const name of INHERITED) {
    const value = own.getPropertyValue(name).trim();
    if (value && (!parent || parent.getPropertyValue(name).trim() !== value)) {
      out.push([name, value]);
    }
  }
  for (const [name, initial] of Object.entries(OWN)) {
    const value = own.getPropertyValue(name).trim();
    if (value && value !== initial) out.push([name, value]);
  }
  return out;
}

/**
 * A copy of `live` (an element in the page) with its computed look written into every element,
 * and its <style> elements left out (their rules are now attributes; and Plot's `height: auto`
 * would resize a nested <svg>).
 */
export function inlinedCopy<E extends Element>(live: E): E {
  const copy = live.cloneNode(true) as E;
  const walk = (from: Element, to: Element, parentStyle: CSSStyleDeclaration | null) => {
    const style = getComputedStyle(from);
    for (const [name, value] of inlinedAttributes(style, parentStyle)) to.setAttribute(name, value);
    // Alone, currentColor is black: write the colour the page gave it.
    for (const name of ['fill', 'stroke']) {
      if (to.getAttribute(name) === 'currentColor') {
        to.setAttribute(name, style.getPropertyValue(name));
      }
    }
    const fromChildren = [...from.children];
    const toChildren = [...to.children];
    fromChildren.forEach((child, i) => {
      const target = toChildren[i]!;
      if (child.localName === 'style') target.remove();
      else walk(child, target, style);
    });
  };
  walk(live, copy, null);
  return copy;
}
