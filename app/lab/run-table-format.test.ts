import { describe, expect, it } from 'vitest';
import { formatAccuracy, formatLoss, formatMsPerStep, formatRunStep } from './run-table-format.ts';

describe('run table formats', () => {
  it.each([
    [0.123456, '0.123'],
    [2.3019, '2.302'],
    [10.123456, '10.12'],
    [123.456, '123.5'],
    [12_345.6, '12346'],
    [null, '—'],
    [Number.NaN, '—'],
  ])('loss %s reads %s', (v, text) => expect(formatLoss(v)).toBe(text));

  it.each([
    [0.1, '0.10'],
    [1.234, '1.23'],
    [12.34, '12.3'],
    [123.45, '123'],
    [1234.5, '1235'],
    [0, '—'],
    [undefined, '—'],
  ])('ms per step %s reads %s', (v, text) => expect(formatMsPerStep(v)).toBe(text));

  it.each([
    [0, '0'],
    [12_345, '12,345'],
    [99_999, '99,999'],
    [100_000, '100K'],
    [123_456, '123K'],
    [999_999, '1M'],
    [1_234_567, '1.23M'],
  ])('step %i reads %s', (v, text) => expect(formatRunStep(v)).toBe(text));

  it.each([
    [0.98765, '98.8 %'],
    [1, '100.0 %'],
    [null, '—'],
  ])('accuracy %s reads %s', (v, text) => expect(formatAccuracy(v)).toBe(text));
});
