// Lesson 8's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
    note: 'BN goes on x = Wu, before the nonlinearity; the bias b of Wu + b can be dropped, since the mean subtraction cancels it and β takes its role (section 3.2).',
  },
  {
    authors: 'Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun',
    year: 2016,
    title: 'Identity Mappings in Deep Residual Networks',
    where: 'ECCV 2016',
    note: 'Identity skips and the pre-activation unit (BN → ReLU → weight inside the residual branch) let signals and gradients pass between any two blocks directly.',
  },
  {
    authors: 'Greg Yang, Jeffrey Pennington, Vinay Rao, Jascha Sohl-Dickstein, Samuel S. Schoenholz',
    year: 2019,
    title: 'A Mean Field Theory of Batch Normalization',
    where: 'ICLR 2019',
    note: 'At initialization, gradients explode with depth in plain fully connected BN networks, whatever the weight scale; very deep BN networks without skips cannot be trained.',
  },
];
