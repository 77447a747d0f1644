// Float16 emulation for the "statistics in half precision" lesson. roundToHalf maps a number to
// the nearest IEEE 754 binary16 value (round half to even, overflow to ±Infinity, subnormals
// kept) and returns it as an ordinary number; only exact power-of-two arithmetic is used, so the
// result is the same in node and every browser. No storage type: values stay JS numbers.

/** Largest finite float16, (2 - 2^-10) * 2^15. */
export const HALF_MAX = 65504;
/** Smallest positive normal float16, 2^-14. Below it the spacing stays 2^-24 (subnormals). */
export const HALF_MIN_NORMAL = 2 ** -14;
/** Smallest positive subnormal float16, 2^-24: the spacing of all subnormals. */
export const HALF_MIN_SUBNORMAL = 2 ** -24;

/** Exact powers of two 2^e for e in [-24, 16], built by doubling (no Math.pow rounding doubts). */
const POW2_MIN = -24;
const POW2: number[] = [];
for (let e = POW2_MIN, p = HALF_MIN_SUBNORMAL; e <= 16; e++, p *= 2) POW2.push(p);
const pow2 = (e: number): number => POW2[e - POW2_MIN];

/**
 * Rounds x to the nearest float16 value. Ties go to the even significand; |x| that rounds
 * above HALF_MAX (|x| >= 65520) becomes ±Infinity; |x| below HALF_MIN_NORMAL is rounded to a
 * multiple of 2^-24 (so |x| <= 2^-25 becomes ±0). NaN, ±Infinity and ±0 are returned unchanged.
 */
export function roundToHalf(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a >= 65536) return x > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  // The spacing (ulp) of float16 around a: 2^(e - 10) for a in [2^e, 2^(e+1)), e >= -14.
  let ulp = HALF_MIN_SUBNORMAL;
  if (a >= HALF_MIN_NORMAL) {
    // Math.log2 may be off by one ulp next to a power of two: correct e against the table.
    let e = Math.min(15, Math.max(-14, Math.floor(Math.log2(a))));
    if (pow2(e) > a) e--;
    else if (e < 15 && pow2(e + 1) <= a) e++;
    ulp = pow2(e - 10);
  }
  const q = a / ulp; // exact: division by a power of two
  let r = Math.floor(q);
  const rest = q - r; // exact: q and r share their exponent range
  if (rest > 0.5 || (rest === 0.5 && r % 2 === 1)) r += 1;
  const rounded = r * ulp;
  if (rounded > HALF_MAX) return x > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return x > 0 ? rounded : -rounded;
}

/** The 16-bit pattern (sign, 5 exponent bits, 10 significand bits) of roundToHalf(x). NaN -> 0x7e00. */
export function halfToBits(x: number): number {
  const h = roundToHalf(x);
  if (Number.isNaN(h)) return 0x7e00;
  const sign = h < 0 || Object.is(h, -0) ? 0x8000 : 0;
  const a = Math.abs(h);
  if (a === Number.POSITIVE_INFINITY) return sign | 0x7c00;
  if (a < HALF_MIN_NORMAL) return sign | (a / HALF_MIN_SUBNORMAL);
  let e = -14;
  while (e < 15 && pow2(e + 1) <= a) e++;
  return sign | ((e + 15) << 10) | (a / pow2(e - 10) - 1024);
}

/** The value of a 16-bit float16 pattern (the inverse of halfToBits on non-NaN values). */
export function halfFromBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const significand = bits & 0x3ff;
  if (exponent === 0x1f) return significand === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  if (exponent === 0) return sign * significand * HALF_MIN_SUBNORMAL;
  return sign * (1024 + significand) * pow2(exponent - 25);
}
