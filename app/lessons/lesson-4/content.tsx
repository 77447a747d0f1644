// Lesson 4: BatchNorm trains faster — the BatchNorm paper's MNIST experiment (Ioffe & Szegedy
// 2015, Figure 1) raced live: the same 784-100-100-100-10 sigmoid network with and without BN.

import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { LESSON_4 } from './preset.ts';

export const content: LessonContent = {
  id: 4,
  screens: [
    {
      title: 'The experiment that introduced BatchNorm',
      body: (
        <>
          <p>
            When Sergey Ioffe and Christian Szegedy proposed batch normalization in 2015, their first exhibit
            was deliberately small: a fully connected network on handwritten digits, three hidden layers of
            100 sigmoid units each, trained with mini-batches of 60 images. They trained it twice from the
            same starting point, once plain and once with a BatchNorm layer in front of every sigmoid, and
            plotted test accuracy over training.
          </p>
          <p>
            That is the race in the live panel. Both runs start from the same weights and see the same batches
            in the same order; the only difference is the normalization. Press <kbd>Play</kbd>.
          </p>
          <p>Each hidden layer of the BN run computes</p>
          <Formula tex={String.raw`h = \sigma\big(\mathrm{BN}_{\gamma,\beta}(W x)\big), \quad\text{where}`} />
          <Formula
            tex={String.raw`\mathrm{BN}_{\gamma,\beta}(z) = \gamma\,\frac{z-\mu_B}{\sqrt{\sigma_B^2+\varepsilon}} + \beta`}
          />
          <p>
            while the plain run computes <M tex={String.raw`h = \sigma(Wx + b)`} />. The BN layer has no use
            for the bias <M tex="b" />: subtracting the batch mean would cancel it, and{' '}
            <M tex={String.raw`\beta`} /> takes its job.
          </p>
        </>
      ),
    },
    {
      title: 'Watch the accuracy race',
      body: (
        <>
          <p>
            Test accuracy is measured every 25 steps on 500 held-out digits. Early on, the normalized network
            pulls ahead: its sigmoids receive inputs centred where the curve is steep, so every layer passes a
            useful gradient from the first step. The plain network has to find that range on its own, layer by
            layer.
          </p>
          <p>
            Play pauses at step 150. In this lesson's test (the default seed and two others) BN is ahead by at
            least 45 points at step 100 and still by at least 30 at step 150 — the run table has the numbers.
            Both runs use the same optimizer (SGD with momentum, learning rate 0.1, about the best rate for
            the plain network here), so the plain run is not handicapped. Press Play again to see how the gap
            develops over the next few hundred steps: BN's advantage is speed, and it shows most early on.
          </p>
        </>
      ),
    },
    {
      title: 'One unit, over time',
      body: (
        <>
          <p>
            The paper's second panel looks inside: it follows the input of one sigmoid in the last hidden
            layer and draws its 15th, 50th and 85th percentiles over the training batches. The distribution
            view in the live panel does the same for the unit it names, for both runs side by side.
          </p>
          <p>
            Without BN the band moves as the layers below change their weights: the unit's input chases a
            moving target. With BN the median stays put: whatever the layers below do, the unit's input is
            re-centred and re-scaled every batch, and only <M tex={String.raw`\gamma`} /> and{' '}
            <M tex={String.raw`\beta`} /> move it, slowly and on purpose (the band widens a little as{' '}
            <M tex={String.raw`\gamma`} /> learns). Measured over the first 150 steps, the plain unit's median
            moves at least five times as far as the BN unit's, and more than 90 of the layer's 100 units drift
            less with BN.
          </p>
          <p>
            Ioffe and Szegedy called the wandering <em>internal covariate shift</em> and argued that removing
            it is why BN helps. Later work (Santurkar et al., 2018) found that networks still train fast with
            noise deliberately injected after BN, and pointed to a smoother loss surface instead. The curves
            here are real either way; the explanation is still debated.
          </p>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_4,
    knobs: ['lr', 'seed'],
    views: ['accuracy', 'runs', 'activations', 'loss'],
    tryThis: [
      {
        label: 'Follow another unit (unit 42)',
        look: 'A different unit of the same layer: its band also wanders without BN and stays put with it — true of more than 90 of the 100 units.',
        apply: (e) => ({ ...e, observe: { activation: 2, unit: 42 } }),
      },
      {
        label: 'Change the seed',
        look: 'Different initial weights and batch order: the numbers move, the order of the race does not.',
        apply: (e) => ({ ...e, config: { ...e.config, seed: e.config.seed + 1 } }),
      },
    ],
  },
  takeaway: (
    <p>
      Same network, same data, same start: normalizing each sigmoid's input makes the network learn faster,
      and the input distribution of a unit deep in the network stays put instead of drifting as the layers
      below it learn.
    </p>
  ),
  quiz: {
    question: 'In the BN run, why does the Dense layer before each BatchNorm have no bias?',
    options: [
      {
        text: 'BN subtracts the batch mean, which removes any constant bias; β plays its role.',
        correct: true,
        feedback:
          'A bias adds the same constant to every sample, so it moves the batch mean by exactly that much and is subtracted right away.',
      },
      {
        text: 'Biases make sigmoid saturate, so BN networks forbid them.',
        correct: false,
        feedback:
          'A bias is harmless for the sigmoid; it is simply cancelled by the mean subtraction that follows.',
      },
      {
        text: 'To save memory on the 100-unit layers.',
        correct: false,
        feedback:
          'The saving is 100 numbers per layer — negligible. The reason is that BN would undo the bias anyway.',
      },
    ],
  },
};
