// Lesson 13's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
    note: 'At inference BN uses population statistics, so it is a fixed linear transform per activation (section 3.1).',
  },
  {
    authors:
      'Benoit Jacob, Skirmantas Kligys, Bo Chen, Menglong Zhu, Matthew Tang, Andrew Howard, Hartwig Adam, Dmitry Kalenichenko',
    year: 2018,
    title: 'Quantization and Training of Neural Networks for Efficient Integer-Arithmetic-Only Inference',
    where: 'CVPR 2018',
    note: 'Folding batch normalization into the preceding layer’s weights and bias for deployment.',
  },
  {
    authors: 'PyTorch contributors',
    year: 2024,
    title: 'torch.nn.utils.fusion.fuse_conv_bn_eval',
    where: 'PyTorch source and documentation',
    note: 'Fuses a Conv2d and its BatchNorm with the running statistics; refuses modules in training mode (“Fusion only for eval!”).',
  },
  {
    authors:
      'Paulius Micikevicius, Sharan Narang, Jonah Alben, Gregory Diamos, Erich Elsen, David Garcia, Boris Ginsburg, Michael Houston, Oleksii Kuchaiev, Ganesh Venkatesh, Hao Wu',
    year: 2018,
    title: 'Mixed Precision Training',
    where: 'ICLR 2018',
    note: 'Large reductions, such as the statistics batch normalization accumulates, should be carried out in float32 (section 3.3).',
  },
  {
    authors: 'PyTorch contributors',
    year: 2024,
    title: 'Automatic Mixed Precision package – torch.amp (Autocast Op Reference)',
    where: 'PyTorch documentation',
    note: 'layer_norm and group_norm are on the list of CUDA ops that autocast to float32; batch_norm is on neither list, and its running statistics, γ and β stay float32 tensors.',
  },
  {
    authors: 'IEEE',
    year: 2008,
    title: 'IEEE Standard for Floating-Point Arithmetic (IEEE 754-2008), binary16 format',
    where: 'IEEE Std 754-2008',
    note: 'Half precision: 11 significant bits, largest finite value 65,504.',
  },
];
