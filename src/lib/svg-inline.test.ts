import { describe, expect, it } from 'vitest';
import { type ComputedValues, inlinedAttributes } from './svg-inline.ts';

function style(values: Record<string, string>): ComputedValues {
  return { getPropertyValue: (name) => values[name] ?? '' };
}

const PAGE = {
  fill: 'rgb(28, 37, 48)',
  stroke: 'none',
  'font-family': 'system-ui, sans-serif',
  'font-size': '12px',
  opacity: '1',
};

describe('inlinedAttributes', () => {
  it('gives the outermost element every value it has, as a file opened alone needs', () => {
    expect(inlinedAttributes(style(PAGE), null)).toEqual([
      ['fill', 'rgb(28, 37, 48)'],
      ['stroke', 'none'],
      ['font-family', 'system-ui, sans-serif'],
      ['font-size', '12px'],
    ]);
  });

  it('writes on a child only what differs from its parent, and opacity when not 1', () => {
    const bar = style({ ...PAGE, fill: 'rgb(29, 94, 168)', opacity: '0.5' });
    expect(inlinedAttributes(bar, style(PAGE))).toEqual([
      ['fill', 'rgb(29, 94, 168)'],
      ['opacity', '0.5'],
    ]);
    expect(inlinedAttributes(style(PAGE), style(PAGE))).toEqual([]);
  });
});
