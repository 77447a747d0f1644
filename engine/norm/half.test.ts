import { describe, expect, it } from 'vitest';
import {
  HALF_MAX,
  HALF_MIN_NORMAL,
  HALF_MIN_SUBNORMAL,
  halfFromBits,
  halfToBits,
  roundToHalf,
} from './half.ts';

/** [input, expected float16 bit pattern] — patterns from the IEEE 754 binary16 encoding. */
const KNOWN: readonly [number, number][] = [
  [1, 0x3c00],
  [-2, 0xc000],
  [0.5, 0x3800],
  [0.1, 0x2e66], // 0.0999755859375
  [1 / 3, 0x3555], // 0.333251953125
  [Math.PI, 0x4248], // 3.140625
  [10000, 0x70e2],
  [10004, 0x70e2], // tie between 10000 (significand 226, even) and 10008: to even
  [10012, 0x70e4], // tie between 10008 (227, odd) and 10016 (228): to even
  [1 + 2 ** -11, 0x3c00], // tie between 1 and 1 + 2^-10: to even (1)
  [1 + 3 * 2 ** -11, 0x3c02], // tie between 1 + 2^-10 (odd) and 1 + 2^-9: to even
  [1 + 2 ** -11 + 2 ** -30, 0x3c01], // just above the tie: up
  [65504, 0x7bff], // HALF_MAX
  [65519.99, 0x7bff], // below the overflow threshold
  [65520, 0x7c00], // tie between 65504 and 2^16: to even, which overflows to Infinity
  [-1e6, 0xfc00],
  [Number.POSITIVE_INFINITY, 0x7c00],
  [Number.NEGATIVE_INFINITY, 0xfc00],
  [2 ** -14, 0x0400], // smallest normal
  [1023 * 2 ** -24, 0x03ff], // largest subnormal
  [2 ** -24, 0x0001], // smallest subnormal
  [2 ** -25, 0x0000], // tie between 0 and 2^-24: to even (0)
  [2 ** -25 + 2 ** -40, 0x0001], // just above: up
  [3 * 2 ** -25, 0x0002], // tie between 1 and 2 subnormal steps: to even
  [-3 * 2 ** -25, 0x8002],
  [1e-8, 0x0000],
  [-1e-8, 0x8000], // underflow keeps the sign: -0
  [0, 0x0000],
  [-0, 0x8000],
];

describe('roundToHalf', () => {
  it.each(KNOWN)('rounds %d to the float16 pattern %i (table of known bit patterns)', (x, bits) => {
    expect(halfToBits(x)).toBe(bits);
    expect(Object.is(roundToHalf(x), halfFromBits(bits))).toBe(true);
  });

  it('maps NaN to NaN', () => {
    expect(roundToHalf(Number.NaN)).toBeNaN();
    expect(halfToBits(Number.NaN)).toBe(0x7e00);
    expect(halfFromBits(0x7e00)).toBeNaN();
  });

  it('exports the float16 limits', () => {
    expect(halfFromBits(0x7bff)).toBe(HALF_MAX);
    expect(halfFromBits(0x0400)).toBe(HALF_MIN_NORMAL);
    expect(halfFromBits(0x0001)).toBe(HALF_MIN_SUBNORMAL);
  });

  it('every finite float16 value is a fixed point and its bit pattern round-trips (all 63488 patterns)', () => {
    let checked = 0;
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue; // Infinity and NaN
      const v = halfFromBits(bits);
      if (!Object.is(roundToHalf(v), v) || halfToBits(v) !== bits) {
        throw new Error(`pattern 0x${bits.toString(16)} (${v}) does not round-trip`);
      }
      checked++;
    }
    expect(checked).toBe(63488);
  });

  it('midpoints between neighbouring float16 values round to the even pattern, off-midpoints to the nearer', () => {
    for (let bits = 0; bits < 0x7bff; bits++) {
      const lo = halfFromBits(bits);
      const hi = halfFromBits(bits + 1);
      const mid = (lo + hi) / 2; // exact in float64
      const evenBits = bits % 2 === 0 ? bits : bits + 1;
      const nudge = (hi - lo) * 2 ** -20;
      if (halfToBits(mid) !== evenBits) throw new Error(`midpoint after 0x${bits.toString(16)}`);
      if (halfToBits(mid - nudge) !== bits) throw new Error(`below midpoint after 0x${bits.toString(16)}`);
      if (halfToBits(mid + nudge) !== bits + 1)
        throw new Error(`above midpoint after 0x${bits.toString(16)}`);
      if (halfToBits(-mid) !== (evenBits | 0x8000))
        throw new Error(`negative midpoint after 0x${bits.toString(16)}`);
    }
    expect(roundToHalf(HALF_MAX + 15.999)).toBe(HALF_MAX);
  });
});
