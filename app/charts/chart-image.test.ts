import { describe, expect, it } from 'vitest';
import { chartFileName, wrapCaption } from './chart-image.ts';

describe('wrapCaption', () => {
  it('breaks a query after its "&" so no line is longer than asked', () => {
    const query = 'v=1&dataset=moons&noise=0.1&model=mlp&depth=2&width=8&activation=tanh';
    const lines = wrapCaption(query, 20);
    expect(lines.join('')).toBe(query);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(20);
    expect(lines[0]).toBe('v=1&dataset=moons&');
  });

  it('cuts a part longer than a line', () => {
    expect(wrapCaption('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapCaption('', 10)).toEqual([]);
  });
});

describe('chartFileName', () => {
  it('makes a file name from a title', () => {
    expect(chartFileName('Training loss')).toBe('training-loss');
    expect(chartFileName('Test accuracy (%)')).toBe('test-accuracy');
    expect(chartFileName('∑')).toBe('chart');
  });
});
