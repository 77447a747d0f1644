// Pure text for the network diagram: each LayerInfo as a block (kind, output shape, parameter
// count, its accessible name) and a sentence on where the normalizer sits. No DOM; unit-tested.

import { isNormKind, type LayerInfo, type NormChoice, type Placement } from '#engine';
import { kindName, type LayerNumber, layerNumbers } from '../layer-names.ts';

export type BlockRole = 'linear' | 'norm' | 'activation' | 'other';

export interface LayerBlock {
  index: number;
  /** What the block shows as its number: the weight layer it belongs to ("2"), or "out". */
  number: string;
  kind: string;
  /** What the block shows as its name (kindName): BatchNorm for normalizers, else the engine's kind. */
  title: string;
  /** The output shape of one sample: "16" or "8×28×28". */
  shape: string;
  /** "272 params", or "" for layers without parameters. */
  params: string;
  /** The button's accessible name: "Layer 2 · BatchNorm, output 16" (views/layer-names.ts). */
  name: string;
  role: BlockRole;
  /** The normalizer kind (for its colour), or null. */
  norm: Exclude<NormChoice, 'none'> | null;
}

export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

function roleOf(kind: string): BlockRole {
  if (kind === 'dense' || kind === 'conv2d') return 'linear';
  if (isNormKind(kind)) return 'norm';
  if (kind === 'relu' || kind === 'tanh' || kind === 'sigmoid') return 'activation';
  return 'other';
}

/** Each layer as a block, numbered as a reader counts layers (weight layers 1 … N, then Output). */
export function layerBlocks(layers: readonly LayerInfo[]): LayerBlock[] {
  const numbers = layerNumbers(layers);
  return layers.map((info, i) => layerBlock(info, numbers[i]));
}

function layerBlock(info: LayerInfo, at: LayerNumber): LayerBlock {
  const norm = isNormKind(info.kind) ? info.kind : null;
  const shape = formatShape(info.shape);
  return {
    index: info.index,
    number: at.number === null ? 'out' : String(at.number),
    kind: info.kind,
    title: kindName(info.kind),
    shape,
    params: info.params > 0 ? `${info.params.toLocaleString('en-US')} params` : '',
    name: `${at.text} · ${kindName(info.kind)}, output ${shape}`,
    role: roleOf(info.kind),
    norm,
  };
}

/** The layers that open and close an identity residual block (engine/layers/residual.ts). */
const RESIDUAL_MARKERS = new Set(['skip', 'add']);

/** Where the normalizer sits, in words, e.g. "BatchNorm before each activation: dense → BatchNorm → tanh". */
export function placementText(layers: readonly LayerInfo[], placement: Placement): string {
  const first = layers.find((l) => isNormKind(l.kind));
  if (!first) return 'No normalizer: dense layers feed their activations directly.';
  const label = kindName(first.kind);
  const at = layers.indexOf(first);
  // The residual markers are not layers a reader places BN between: name the computing neighbours.
  const computes = (l: LayerInfo | undefined) => l !== undefined && !RESIDUAL_MARKERS.has(l.kind);
  const before = layers.slice(0, at).reverse().find(computes)?.kind;
  const after = layers.slice(at + 1).find(computes)?.kind;
  const chain = [before, label, after].filter(Boolean).join(' → ');
  const skips = layers.some((l) => l.kind === 'skip')
    ? ' Identity skips: the layers between each skip and its add form a residual block, y = x + F(x).'
    : '';
  return `${label} ${placement === 'before' ? 'before' : 'after'} each activation: ${chain}.${skips}`;
}

/** A string that is equal for equal networks (to show one diagram for runs that share it). */
export function networkSignature(layers: readonly LayerInfo[]): string {
  return layers.map((l) => `${l.kind}:${l.shape.join('x')}`).join('|');
}
