// The README's promised Node.js version holds for every installed dependency: the range reader
// on the forms npm packages use, and the real lockfile checked against package.json engines.node.

import { describe, expect, it } from 'vitest';
import { enginesBeyondMinimum, minimumNode, satisfiesNode } from './lib.mjs';

describe('satisfiesNode', () => {
  it.each([
    ['>=20.19', true],
    ['>= 10', true],
    ['^20.19.0 || >=22.12.0', true],
    ['^20.0.0 || ^22.0.0 || >=24.0.0', true],
    ['^8.16.0 || ^10.6.0 || >=11.0.0', true],
    ['^10 || ^12 || ^13.7 || ^14 || >=15.0.1', true],
    ['20.x', true],
    ['*', true],
    ['>=22.12.0', false],
    ['^22', false],
    ['~20.18', false],
    ['>=18 <20', false],
  ])('Node 20.19.0 against %s: %s', (range, expected) => {
    expect(satisfiesNode([20, 19, 0], range)).toBe(expected);
  });

  it('throws on a form it cannot read, so a new form is noticed rather than passed', () => {
    expect(() => satisfiesNode([20, 19, 0], 'lts/iron')).toThrow(/cannot read/);
  });
});

describe('the installed dependencies', () => {
  it('all run on the Node.js the README promises (package.json engines.node)', () => {
    expect(minimumNode()).toEqual([20, 19, 0]);
    expect(enginesBeyondMinimum()).toEqual([]);
  });
});
