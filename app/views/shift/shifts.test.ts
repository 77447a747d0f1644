import { describe, expect, it } from 'vitest';
import { recoveredShare, SHIFTS, shiftRow, shiftSummary } from './shifts.ts';

const m = (clean: number, shifted: number, adapted: number, adaptable = true) => ({
  shift: shiftRow('washed').spec,
  cleanAccuracy: clean,
  shiftedAccuracy: shifted,
  adaptedAccuracy: adapted,
  adaptBatches: adaptable ? 8 : 0,
  batchSize: 32,
  testCount: 2000,
  adaptable,
});

describe('shift panel text', () => {
  it('the share of the lost accuracy won back, and none when the shift cost nothing', () => {
    expect(recoveredShare(m(0.9, 0.2, 0.9))).toBeCloseTo(1);
    expect(recoveredShare(m(0.9, 0.5, 0.7))).toBeCloseTo(0.5);
    expect(recoveredShare(m(0.9, 0.895, 0.9))).toBeNull();
  });

  it('says what AdaBN won back, that it won nothing, or that there is nothing to adapt', () => {
    expect(shiftSummary(m(0.92, 0.23, 0.92))).toBe(
      'The shift costs 69 points; AdaBN wins back 100 % of them, with no label and no gradient step.',
    );
    expect(shiftSummary(m(0.92, 0.04, 0.01))).toBe('The shift costs 88 points; AdaBN wins back none of it.');
    expect(shiftSummary(m(0.92, 0.16, 0.16, false))).toContain('nothing for AdaBN to re-estimate');
  });

  it('every shift has a unique id and a row', () => {
    expect(new Set(SHIFTS.map((s) => s.id)).size).toBe(SHIFTS.length);
    for (const s of SHIFTS) expect(shiftRow(s.id)).toBe(s);
    expect(() => shiftRow('nope' as never)).toThrow('unknown shift');
  });
});
