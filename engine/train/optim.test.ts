import { describe, expect, it } from 'vitest';
import type { Param } from '../core/types.ts';
import { Adam, createOptimizer, Sgd } from './optim.ts';

/** Float64 updates vs the same formulas evaluated in the test. */
const STEP_TOL = 1e-15;

function param(name: string, values: number[], decay: boolean): Param {
  return { name, value: Float64Array.from(values), grad: new Float64Array(values.length), decay };
}

describe('SGD', () => {
  it('plain step: p = 1, g = 0.5, lr = 0.1 -> 0.95', () => {
    const p = param('weight', [1], true);
    p.grad[0] = 0.5;
    new Sgd([p], 0.1).step();
    expect(Math.abs(p.value[0] - 0.95)).toBeLessThan(STEP_TOL);
  });

  it("momentum 0.9 in PyTorch's convention: buf = g on step 1, then buf = 0.9 buf + g; p -= lr buf", () => {
    const p = param('weight', [0], true);
    const sgd = new Sgd([p], 0.1, 0.9);
    const grads = [1, 2, -1];
    let buf = 0;
    let expected = 0;
    grads.forEach((g, t) => {
      p.grad[0] = g;
      sgd.step();
      buf = t === 0 ? g : 0.9 * buf + g;
      expected -= 0.1 * buf;
      expect(Math.abs(p.value[0] - expected)).toBeLessThan(STEP_TOL);
    });
  });

  it('weight decay is added to the gradient of decay params only (weights, not biases)', () => {
    const w = param('weight', [2], true);
    const b = param('bias', [2], false);
    new Sgd([w, b], 0.1, 0, 0.5).step(); // zero grads
    expect(Math.abs(w.value[0] - (2 - 0.1 * 0.5 * 2))).toBeLessThan(STEP_TOL);
    expect(b.value[0]).toBe(2);
  });

  it('lr, momentum and weight decay change between steps without resetting the momentum buffer', () => {
    const p = param('weight', [0], true);
    const sgd = new Sgd([p], 0.1, 0.5);
    p.grad[0] = 1;
    sgd.step(); // buf = 1, p = -0.1
    sgd.setLearningRate(1);
    sgd.setMomentum(0.25);
    sgd.step(); // buf = 0.25 + 1, p = -0.1 - 1.25
    expect(Math.abs(p.value[0] - -1.35)).toBeLessThan(STEP_TOL);
    expect(sgd.learningRate).toBe(1);
    expect(sgd.momentum).toBe(0.25);
  });

  it('rejects invalid hyper-parameters with named errors', () => {
    expect(() => new Sgd([], -1)).toThrow('learning rate must be a finite number >= 0, got -1');
    expect(() => new Sgd([], 0.1).setMomentum(Number.NaN)).toThrow(
      'momentum must be a finite number >= 0, got NaN',
    );
    expect(() => new Sgd([], 0.1).setWeightDecay(-0.1)).toThrow(
      'weight decay must be a finite number >= 0, got -0.1',
    );
  });
});

describe('Adam', () => {
  it("3 steps match PyTorch's formula with bias correction, weight decay on the weight only", () => {
    const w = param('weight', [0.5, -1], true);
    const b = param('bias', [0.1], false);
    const adam = createOptimizer({ type: 'adam', lr: 0.01, weightDecay: 0.1 }, [w, b]);
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const ref = { p: [0.5, -1, 0.1], m: [0, 0, 0], v: [0, 0, 0] };
    const grads = [
      [0.3, -0.2, 1],
      [0.1, 0.4, -2],
      [-0.5, 0.0, 0.5],
    ];
    grads.forEach((g, step) => {
      const t = step + 1;
      w.grad.set(g.slice(0, 2));
      b.grad.set(g.slice(2));
      adam.step();
      for (let i = 0; i < 3; i++) {
        const gi = g[i] + (i < 2 ? 0.1 * ref.p[i] : 0);
        ref.m[i] = b1 * ref.m[i] + (1 - b1) * gi;
        ref.v[i] = b2 * ref.v[i] + (1 - b2) * gi * gi;
        const denom = Math.sqrt(ref.v[i]) / Math.sqrt(1 - b2 ** t) + eps;
        ref.p[i] -= ((0.01 / (1 - b1 ** t)) * ref.m[i]) / denom;
      }
      expect(Math.abs(w.value[0] - ref.p[0])).toBeLessThan(STEP_TOL);
      expect(Math.abs(w.value[1] - ref.p[1])).toBeLessThan(STEP_TOL);
      expect(Math.abs(b.value[0] - ref.p[2])).toBeLessThan(STEP_TOL);
    });
  });

  it('first step moves every param by ~lr against the sign of its gradient', () => {
    const p = param('weight', [0, 0], true);
    p.grad.set([1e-3, -50]);
    new Adam([p], 0.01).step();
    expect(p.value[0]).toBeCloseTo(-0.01, 6);
    expect(p.value[1]).toBeCloseTo(0.01, 6);
  });

  it('setMomentum sets beta1; an out-of-range beta1 is a named error', () => {
    const adam = new Adam([], 0.01);
    adam.setMomentum(0.5);
    expect(adam.momentum).toBe(0.5);
    expect(() => adam.setMomentum(1)).toThrow('adam beta1 (momentum) must be in [0, 1), got 1');
  });
});
