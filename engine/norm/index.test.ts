import { describe, expect, it } from 'vitest';
import type { NormSpec } from '../core/spec.ts';
import type { Layer } from '../core/types.ts';
import {
  BatchNorm,
  createNorm,
  DEFAULT_EPS,
  DEFAULT_MOMENTUM,
  FLOAT32_EPSILON,
  GroupNorm,
  InstanceNorm,
  LayerNorm,
  RmsNorm,
} from './index.ts';

describe('createNorm', () => {
  it.each([
    [{ type: 'batchnorm' }, [4], BatchNorm],
    [{ type: 'layernorm' }, [3, 2, 2], LayerNorm],
    [{ type: 'groupnorm', groups: 2 }, [4, 2, 2], GroupNorm],
    [{ type: 'instancenorm' }, [3, 2, 2], InstanceNorm],
    [{ type: 'rmsnorm' }, [5], RmsNorm],
  ] as [NormSpec, number[], new (...args: never[]) => Layer][])(
    'createNorm %o on %o builds the matching class, a Layer with outShape = inShape',
    (spec, inShape, cls) => {
      const layer: Layer = createNorm(spec, inShape);
      expect(layer).toBeInstanceOf(cls);
      expect(layer.kind).toBe(spec.type);
      expect(layer.outShape).toEqual(inShape);
      const y = layer.forward(new Float32Array(2 * inShape.reduce((a, b) => a * b)), 2, 'train');
      expect(y).toBeInstanceOf(Float32Array);
    },
  );

  it('createNorm defaults follow PyTorch: eps 1e-5, momentum 0.1, affine true except InstanceNorm', () => {
    const bn = createNorm({ type: 'batchnorm' }, [2]) as BatchNorm;
    expect([bn.eps, bn.momentum, bn.affine, bn.trackRunningStats, bn.frozen]).toEqual([
      DEFAULT_EPS,
      DEFAULT_MOMENTUM,
      true,
      true,
      false,
    ]);
    expect(DEFAULT_EPS).toBe(1e-5);
    expect(DEFAULT_MOMENTUM).toBe(0.1);
    expect(createNorm({ type: 'layernorm' }, [2]).eps).toBe(1e-5);
    expect(createNorm({ type: 'groupnorm', groups: 1 }, [2]).affine).toBe(true);
    expect(createNorm({ type: 'instancenorm' }, [2, 2, 2]).affine).toBe(false);
    expect(createNorm({ type: 'rmsnorm' }, [2]).eps).toBe(FLOAT32_EPSILON);
  });

  it('createNorm passes the spec through: momentum null stays null, precision float64, options', () => {
    const bn = createNorm(
      { type: 'batchnorm', momentum: null, eps: 1e-3, affine: false, trackRunningStats: false, frozen: true },
      [3, 2, 2],
      'float64',
    ) as BatchNorm;
    expect(bn.momentum).toBeNull();
    expect([bn.eps, bn.affine, bn.trackRunningStats, bn.frozen, bn.precision]).toEqual([
      1e-3,
      false,
      false,
      true,
      'float64',
    ]);
    expect(bn.runningMean).toBeInstanceOf(Float64Array);
    expect(createNorm({ type: 'layernorm', halfPrecision: true }, [2]).halfPrecision).toBe(true);
  });

  it("createNorm surfaces the constructors' named errors", () => {
    expect(() => createNorm({ type: 'groupnorm', groups: 4 }, [6, 2, 2])).toThrow(
      'groups must divide channels (c=6, g=4)',
    );
    expect(() => createNorm({ type: 'instancenorm' }, [6])).toThrow(/instancenorm needs spatial input/);
  });
});
