import { describe, expect, it } from 'vitest';
import { hasAny, readChoice, readFlag, readNumber } from './widget-params.ts';

describe('widget link parameters', () => {
  it('read valid values and fall back, with one plain issue each, for bad ones', () => {
    const p = new URLSearchParams('lr=1e-4&scale=abc&seed=2.5&steps=99999&std=1&mode=conv&bad=<b>x</b>');
    const issues: string[] = [];
    expect(readNumber(p, 'lr', { min: 1e-6, max: 1 }, 0.1, issues)).toBe(1e-4);
    expect(readNumber(p, 'scale', { min: 1, max: 300 }, 100, issues)).toBe(100);
    expect(readNumber(p, 'seed', { min: 0, max: 10, integer: true }, 1, issues)).toBe(1);
    expect(readNumber(p, 'steps', { min: 1, max: 2000 }, 200, issues)).toBe(200);
    expect(readNumber(p, 'missing', { min: 0, max: 1 }, 0.5, issues)).toBe(0.5);
    expect(readFlag(p, 'std', false, issues)).toBe(true);
    expect(readChoice(p, 'mode', ['dense', 'conv'] as const, 'dense', issues)).toBe('conv');
    expect(readChoice(p, 'bad', ['dense', 'conv'] as const, 'dense', issues)).toBe('dense');
    expect(issues).toEqual([
      'scale "abc" is not a number; using 100',
      'seed must be a whole number; using 1',
      'steps must be between 1 and 2000; using 200',
      'bad "<b>x</b>" is not one of dense, conv; using dense',
    ]);
    expect(hasAny(p, ['lr'])).toBe(true);
    expect(hasAny(p, ['nope'])).toBe(false);
  });
});
