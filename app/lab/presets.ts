// Starting points for the Lab: complete experiments (config and comparison) a reader can load
// with one choice, then tweak.

import { type Comparison, DEFAULT_CONFIG, type ExperimentConfig } from '#engine';

export interface LabPreset {
  id: string;
  label: string;
  config: ExperimentConfig;
  comparison: Comparison | null;
}

export const LAB_PRESETS: readonly LabPreset[] = [
  {
    id: 'mnist-mlp-bn-vs-none',
    label: 'BN vs none on the MNIST MLP (784-100-100-100-10, sigmoid, batch 60)',
    config: {
      ...DEFAULT_CONFIG,
      dataset: 'mnist',
      model: 'mlp',
      depth: 3,
      width: 100,
      activation: 'sigmoid',
      init: 'xavier',
      optimizer: 'momentum',
      lr: 0.05,
      batchSize: 60,
    },
    comparison: { knob: 'norm', values: ['none', 'batchnorm'] },
  },
  {
    id: 'cnn-batch4-bn-gn-ln',
    label: 'BN vs GN vs LN on the CNN at batch 4',
    config: {
      ...DEFAULT_CONFIG,
      dataset: 'mnist',
      model: 'cnn',
      activation: 'relu',
      groups: 4,
      optimizer: 'momentum',
      lr: 0.02,
      batchSize: 4,
    },
    comparison: { knob: 'norm', values: ['batchnorm', 'groupnorm', 'layernorm'] },
  },
  {
    id: 'spiral-deep-tanh',
    label: 'Spiral, deep tanh MLP (6 layers), BatchNorm vs none',
    config: { ...DEFAULT_CONFIG, dataset: 'spiral', depth: 6, width: 16, activation: 'tanh', lr: 0.03 },
    comparison: { knob: 'norm', values: ['none', 'batchnorm'] },
  },
  {
    id: 'moons-lr-race',
    label: 'Moons: learning rate 0.01 vs 0.1 vs 1 with BatchNorm',
    config: { ...DEFAULT_CONFIG, dataset: 'moons' },
    comparison: { knob: 'lr', values: [0.01, 0.1, 1] },
  },
];
