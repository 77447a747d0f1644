// Lesson 4: BatchNorm trains faster — the BatchNorm paper's MNIST experiment (Ioffe & Szegedy
// 2015, Figure 1) raced live: the same 784-100-100-100-10 sigmoid network with and without BN.

import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { ViewLink } from '../ViewLink.tsx';
import { LESSON_4_PREDICT } from './predict.ts';
import { LESSON_4, LESSON_4_CLAIMS } from './preset.ts';
import { references } from './sources.ts';

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
            That is the race in the live panel,{' '}
            <Claim id="l4-setup">
              with three differences from the paper: the weights start from Xavier initialization (the paper
              drew small Gaussian values), the runs train on an 8,000-digit subset of MNIST (the paper used
              all 60,000), and the race pauses at step 150 (the paper trained for 50,000 steps)
            </Claim>
            . Both runs start from the same weights and see the same batches in the same order; the only
            difference is the normalization. Press <kbd>Play</kbd>.
          </p>
          <p>Each hidden layer of the BN run computes</p>
          <Formula tex={String.raw`h = \sigma\big(\mathrm{BN}_{\gamma,\beta}(W x)\big), \quad\text{where}`} />
          <Formula
            tex={String.raw`\mathrm{BN}_{\gamma,\beta}(z) = \gamma\,\frac{z-\mu_B}{\sqrt{\sigma_B^2+\varepsilon}} + \beta`}
          />
          <p>
            while the plain run computes <M tex={String.raw`h = \sigma(Wx + b)`} />.{' '}
            <Claim id="l4-bias">
              The BN layer has no use for the bias <M tex="b" />: subtracting the batch mean would cancel it,
              and <M tex={String.raw`\beta`} /> takes its job.
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Watch the accuracy race',
      body: (
        <>
          <p>
            <Claim id="l4-setup">Test accuracy is measured every 25 steps on 500 held-out digits.</Claim>{' '}
            Early on, the normalized network pulls ahead. Not because the plain network's sigmoids start in
            their flat tails:{' '}
            <Claim id="l4-steep">
              at the first step practically all of their inputs lie within ±2, on the steep part of the curve
              (with BN about 96 % do)
            </Claim>
            . The difference is the size of the gradient.{' '}
            <Claim id="l4-gradient">
              At the first step the first layer's gradient, relative to its weights (‖∇W‖/‖W‖), is 0.002–0.004
              without BN and about 0.09 with it: some 25 to 45 times larger, on this seed and two others we
              tried.
            </Claim>{' '}
            Each sigmoid passes back at most a quarter of the gradient it receives, and BN re-scales what the
            layers below see.
          </p>
          <p>
            Play pauses at step 150.{' '}
            <Claim id="l4-lead">
              At step 100 BN is ahead by at least 45 points and at step 150 still by at least 30, on this seed
              and two others we tried
            </Claim>{' '}
            — the run table has the numbers. Both runs use the same optimizer and learning rate (SGD with
            momentum 0.9, learning rate 0.1). Press Play again to see how the gap develops: BN's advantage
            here is speed, and it shows most early on.{' '}
            <Claim id="l4-later">
              Trained on, the plain network catches up and passes it: at step 2,000 it is ahead on all three
              seeds we tried (92.0–93.2 % against 90.8–92.4 %).
            </Claim>{' '}
            The paper reports the opposite ending, BN ahead after 50,000 steps; this short run on a subset
            does not reproduce that part.
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
            layer and draws its 15th, 50th and 85th percentiles as training goes on.{' '}
            <ViewLink view="activations">The distribution view</ViewLink> in the live panel does the same for
            the unit it names, for both runs side by side.{' '}
            <Claim id="l4-probe">
              At every snapshot it passes the same {LESSON_4_CLAIMS.probeDigits} test digits through the
              network as it stands at that step, with BN normalizing them by their own mean and variance, as
              it does a training batch; the training itself is not touched.
            </Claim>{' '}
            <Claim id="l4-running">
              (BN's running averages, which a deployed network uses instead, follow the batch statistics with
              a delay: each step moves them a tenth of the way. Measured with them on the same digits, the BN
              band's 85th percentile moves about three times as far over these 150 steps.)
            </Claim>
          </p>
          <p>
            Without BN the band moves as the layers below change their weights: the unit's input chases a
            moving target. With BN the median stays put: whatever the layers below do, the unit's input is
            re-centred and re-scaled every batch, and only <M tex={String.raw`\gamma`} /> and{' '}
            <M tex={String.raw`\beta`} /> move it, slowly and on purpose.{' '}
            <Claim id="l4-drift">
              Over the first 150 steps the plain unit's median moves at least five times as far as the BN
              unit's, and at least 95 of the layer's 100 units drift less with BN, the typical one more than
              eight times less (this seed and two others we tried).
            </Claim>
          </p>
          <p>
            Ioffe and Szegedy called the wandering <em>internal covariate shift</em> and argued that removing
            it is why BN helps. Later work (Santurkar et al., 2018) found that networks still train fast with
            noise deliberately injected after BN, and pointed to a smoother loss surface instead; lesson 5
            measures that smoothness on its own race (<a href="#/lessons/5?step=4">A smoother landscape?</a>).
            The curves here are real either way; the explanation is still debated.
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
        look: 'A different unit of the same layer: its band also wanders without BN and stays put with it — true of at least 95 of the 100 units.',
        apply: (e) => ({ ...e, observe: { activation: 2, unit: 42 } }),
        claims: ['l4-drift'],
      },
      {
        label: 'Change the seed',
        look: 'Different initial weights and batch order: the numbers move, the order of the race at step 150 does not.',
        apply: (e) => ({ ...e, config: { ...e.config, seed: e.config.seed + 1 } }),
        claims: ['l4-lead'],
      },
    ],
  },
  takeaway: (
    <p>
      Same network, same data, same start:{' '}
      <Claim id="l4-lead">normalizing each sigmoid's input makes the network learn faster early on</Claim>,
      and{' '}
      <Claim id="l4-drift">
        the input distribution of a unit deep in the network stays centred instead of drifting as the layers
        below it learn
      </Claim>
      . Here the plain network catches up later; the speed-up is the part this race shows.
    </p>
  ),
  references,
  predict: LESSON_4_PREDICT,
  quiz: {
    question: 'In the BN run, why does the Dense layer before each BatchNorm have no bias?',
    options: [
      {
        text: 'BN subtracts the batch mean, which removes any constant bias; β plays its role.',
        correct: true,
        feedback:
          'A bias adds the same constant to every sample, so it moves the batch mean by exactly that much and is subtracted right away.',
        claims: ['l4-bias'],
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
