import { describe, expect, it } from 'vitest';
import type { LayerInfo } from '#engine';
import { formatShape, layerBlocks, networkSignature, placementText } from './network-layout.ts';

const MLP_BN: LayerInfo[] = [
  { index: 0, kind: 'dense', shape: [16], params: 32 },
  { index: 1, kind: 'batchnorm', shape: [16], params: 32 },
  { index: 2, kind: 'tanh', shape: [16], params: 0 },
  { index: 3, kind: 'dense', shape: [2], params: 34 },
];

describe('network diagram layout', () => {
  it("labels a normalizer block with its weight layer's number, kind, output shape and parameters", () => {
    expect(layerBlocks(MLP_BN)[1]).toEqual({
      index: 1,
      number: '1',
      kind: 'batchnorm',
      title: 'BatchNorm',
      shape: '16',
      params: '32 params',
      name: 'Layer 1 · BatchNorm, output 16',
      role: 'norm',
      norm: 'batchnorm',
    });
  });

  it('activations have no parameters and no normalizer colour; linear layers are marked linear', () => {
    const act = layerBlocks(MLP_BN)[2];
    expect(act.params).toBe('');
    expect(act.norm).toBeNull();
    expect(act.role).toBe('activation');
    expect(act.name).toBe('Layer 1 · tanh, output 16');
    expect(layerBlocks(MLP_BN)[0].role).toBe('linear');
    // The classifier is the Output block.
    expect(layerBlocks(MLP_BN)[3]).toMatchObject({ number: 'out', name: 'Output · dense, output 2' });
  });

  it('image shapes read C×H×W and large counts get separators', () => {
    expect(formatShape([8, 28, 28])).toBe('8×28×28');
    const [conv] = layerBlocks([
      { index: 0, kind: 'conv2d', shape: [8, 28, 28], params: 1234 },
      { index: 1, kind: 'dense', shape: [10], params: 10 },
    ]);
    expect(conv.name).toBe('Layer 1 · conv2d, output 8×28×28');
    expect(conv.params).toBe('1,234 params');
  });

  it('says where the normalizer sits', () => {
    expect(placementText(MLP_BN, 'before')).toBe(
      'BatchNorm before each activation: dense → BatchNorm → tanh.',
    );
    const after: LayerInfo[] = [
      { index: 0, kind: 'dense', shape: [16], params: 48 },
      { index: 1, kind: 'relu', shape: [16], params: 0 },
      { index: 2, kind: 'layernorm', shape: [16], params: 32 },
      { index: 3, kind: 'dense', shape: [2], params: 34 },
    ];
    expect(placementText(after, 'after')).toBe('LayerNorm after each activation: relu → LayerNorm → dense.');
    expect(placementText([MLP_BN[0], MLP_BN[2]], 'before')).toMatch(/^No normalizer/);
    const residual: LayerInfo[] = ['dense', 'skip', 'batchnorm', 'relu', 'dense', 'add', 'dense'].map(
      (kind, index) => ({ index, kind, shape: [16], params: 0 }),
    );
    expect(placementText(residual, 'before')).toBe(
      'BatchNorm before each activation: dense → BatchNorm → relu. Identity skips: the layers between each skip and its add form a residual block, y = x + F(x).',
    );
  });

  it('equal networks have equal signatures', () => {
    expect(networkSignature(MLP_BN)).toBe(networkSignature(MLP_BN.map((l) => ({ ...l }))));
    expect(networkSignature(MLP_BN)).not.toBe(networkSignature(MLP_BN.slice(1)));
  });
});
