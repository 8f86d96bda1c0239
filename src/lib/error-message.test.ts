import { describe, expect, it } from 'vitest';
import { errorMessage } from './error-message.ts';

describe('errorMessage', () => {
  it.each([
    ['an Error', new TypeError('Failed to fetch'), 'Failed to fetch'],
    ['an Error without a message: its name', new DOMException('', 'AbortError'), 'AbortError'],
    [
      'an error that crossed a worker',
      { name: 'X', message: 'Storage is full' },
      'Storage is full',
    ],
    ['a string', 'boom', 'boom'],
    ['null', null, 'null'],
    ['a number', 42, '42'],
  ])('%s', (_name, error, expected) => {
    expect(errorMessage(error)).toBe(expected);
  });
});
