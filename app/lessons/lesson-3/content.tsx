// Lesson 3: BatchNorm, one step at a time — a visible mini-batch (8 samples × 4 features, then a
// conv feature map) through one training-mode forward of the engine's BatchNorm, with every
// number and its arithmetic.

import { DEFAULT_CONFIG } from '#engine';
import { BatchStepView } from '../../views/bn-step/BatchStepView.tsx';
import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent, WidgetLive } from '../lesson-types.ts';
import { hasAny, readChoice, readNumber } from '../widget-params.ts';
import { LESSON_3_PREDICT } from './predict.ts';
import { LESSON_3_EXAMPLE, type Lesson3Example } from './preset.ts';
import { references } from './sources.ts';

const live: WidgetLive<Lesson3Example> = {
  kind: 'widget',
  preset: LESSON_3_EXAMPLE,
  read: (params) => {
    if (!hasAny(params, ['example', 'seed'])) return null;
    const issues: string[] = [];
    const value: Lesson3Example = {
      example: readChoice(params, 'example', ['dense', 'conv'] as const, LESSON_3_EXAMPLE.example, issues),
      seed: readNumber(
        params,
        'seed',
        { min: 0, max: 2 ** 31 - 1, integer: true },
        LESSON_3_EXAMPLE.seed,
        issues,
      ),
    };
    return { value, issues };
  },
  write: (v) => [
    ['example', v.example],
    ['seed', String(v.seed)],
  ],
  render: (value, onChange) => (
    <BatchStepView
      example={value.example}
      seed={value.seed}
      onExampleChange={(example) => onChange({ ...value, example })}
      onSeedChange={(seed) => onChange({ ...value, seed })}
    />
  ),
  tryThis: [
    {
      label: 'Switch to a conv feature map',
      look: 'Two images, three channels of 3×3: one mean and one variance per channel, shared by all 18 values of that channel across both images.',
      apply: (v) => ({ ...v, example: 'conv' }),
      claims: ['l3-per-channel'],
    },
    {
      label: 'Draw a new batch',
      look: 'Different numbers, same outcome: every column of x̂ has mean 0 and variance just under 1.',
      apply: (v) => ({ ...v, seed: v.seed + 1 }),
      claims: ['l3-xhat'],
    },
    {
      label: 'Back to the 8 × 4 batch',
      look: 'Pick a feature, press “Undo the normalization”, and compare y with x.',
      apply: () => LESSON_3_EXAMPLE,
      claims: ['l3-undo'],
    },
  ],
  // The same arithmetic on a live network: the Lab's inspector on a small BN MLP, batch 8.
  lab: {
    config: { ...DEFAULT_CONFIG, norm: 'batchnorm', width: 8, batchSize: 8 },
    comparison: null,
    sweep: null,
    observe: null,
    stopAt: null,
  },
  predict: LESSON_3_PREDICT,
};

export const content: LessonContent = {
  id: 3,
  screens: [
    {
      title: 'One batch, four features',
      body: (
        <>
          <p>
            Lesson 2 ended with the cure: re-centre and re-scale each layer's inputs, every batch. Here is
            that operation on real numbers. The table in the live panel is a mini-batch of 8 samples with 4
            features each — say the pre-activations of a 4-unit layer — pushed through one training step of
            NormLab's BatchNorm.
          </p>
          <p>For each feature (each column) BN computes the batch mean and the batch variance:</p>
          <Formula
            tex={String.raw`\mu_B = \frac{1}{m}\sum_{i=1}^{m} x_i, \qquad \sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m}\big(x_i - \mu_B\big)^2`}
          />
          <p>
            with <M tex="m = 8" /> here. Note the <M tex="1/m" />: the variance used to normalize is the{' '}
            <em>biased</em> one. Then each value is standardized and given a learned scale and shift:
          </p>
          <Formula
            tex={String.raw`\hat x_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}}, \qquad y_i = \gamma\,\hat x_i + \beta`}
          />
          <p>
            Click any cell (or focus it and press Enter) to see its arithmetic with the numbers filled in.{' '}
            <Claim id="l3-xhat">
              Each column of <M tex={String.raw`\hat x`} /> has mean 0 and variance{' '}
              <M tex={String.raw`\sigma_B^2/(\sigma_B^2+\varepsilon)`} />, a hair under 1
            </Claim>{' '}
            — the <M tex={String.raw`\varepsilon = 10^{-5}`} /> keeps the division safe when a feature barely
            varies.
          </p>
        </>
      ),
    },
    {
      title: 'γ and β can undo it',
      body: (
        <>
          <p>
            Forcing every feature to mean 0 and variance 1 would be a constraint on what the network can
            represent: a sigmoid fed only standardized values, for instance, stays in its near-linear middle.
            So BN adds two parameters per feature, <M tex={String.raw`\gamma`} /> (scale) and{' '}
            <M tex={String.raw`\beta`} /> (shift), trained by gradient descent like any weight. They start at
            1 and 0.
          </p>
          <p>
            Move the sliders. Then press <strong>Undo the normalization</strong>: it sets{' '}
            <M tex={String.raw`\gamma = \sqrt{\sigma_B^2 + \varepsilon}`} /> and{' '}
            <M tex={String.raw`\beta = \mu_B`} /> for the selected feature, and{' '}
            <Claim id="l3-undo">
              <M tex="y" /> equals <M tex="x" /> again, to within <M tex="10^{-5}" /> (on this batch and two
              others we tried)
            </Claim>
            .
          </p>
          <p>
            That undoes <em>this</em> batch, with <em>its</em> statistics. In training mode the next batch has
            other statistics, and{' '}
            <Claim id="l3-train-output">
              whatever the batch, each feature of the output comes out with mean exactly{' '}
              <M tex={String.raw`\beta`} /> and standard deviation{' '}
              <M tex={String.raw`\gamma\,\sigma_B/\sqrt{\sigma_B^2+\varepsilon}`} />, a hair under{' '}
              <M tex={String.raw`\gamma`} />
            </Claim>
            : the centre and scale of each feature are no longer a side effect of every weight below but two
            explicit, directly trainable numbers.{' '}
            <Claim id="l3-eval-identity">
              With fixed statistics — the running ones that evaluation mode uses —{' '}
              <M tex={String.raw`\gamma = \sqrt{\hat\sigma^2 + \varepsilon}`} /> and{' '}
              <M tex={String.raw`\beta = \hat\mu`} /> make the layer the identity for every input
            </Claim>
            .
          </p>
        </>
      ),
    },
    {
      title: 'Conv maps and the running statistics',
      body: (
        <>
          <p>
            In a convolutional layer the "features" are channels, and a channel's value at every position of
            every image is treated as one more sample: the statistics are per channel over{' '}
            <M tex="(N, H, W)" />. Switch to the conv example: 2 images × 3 channels × 3 × 3 positions, so{' '}
            <Claim id="l3-per-channel">
              each channel's single mean and variance come from <M tex="m = 2 \cdot 3 \cdot 3 = 18" /> values.
              One image's part of a channel is not centred on its own — only the whole batch is.
            </Claim>
          </p>
          <p>
            Under the tables are the layer's running statistics after this one step, which evaluation mode
            will use (lesson 6 is about them).{' '}
            <Claim id="l3-running">They start at 0 and 1 and move 10 % of the way towards the batch:</Claim>
          </p>
          <Formula
            tex={String.raw`\hat\mu = 0.9\cdot 0 + 0.1\,\mu_B, \qquad \hat\sigma^2 = 0.9 \cdot 1 + 0.1\,\frac{m}{m-1}\,\sigma_B^2`}
          />
          <p>
            Note the <M tex={String.raw`\frac{m}{m-1}`} />:{' '}
            <Claim id="l3-running">
              the running variance stores the <em>unbiased</em> batch variance, although the batch was
              normalized with the biased one
            </Claim>
            . That is PyTorch's convention, and the engine follows it exactly.
          </p>
        </>
      ),
    },
  ],
  live,
  takeaway: (
    <p>
      BatchNorm standardizes each feature (each channel, for conv maps) with the batch's own mean and biased
      variance — each feature on its own, with no decorrelation — then re-scales and re-shifts it with a
      learned γ and β.{' '}
      <Claim id="l3-train-output">In training mode γ and β set each feature's spread and centre</Claim>;{' '}
      <Claim id="l3-eval-identity">
        with the fixed statistics of evaluation mode they can undo the normalization entirely
      </Claim>
      .
    </p>
  ),
  references,
  quiz: {
    question:
      'In the conv example (2 images × 3 channels × 3 × 3), how many mean/variance pairs does BatchNorm compute?',
    options: [
      {
        text: '3: one per channel, over both images and all 9 positions.',
        correct: true,
        feedback: 'BN2d shares statistics over (N, H, W), so each channel gets one pair from 18 values.',
        claims: ['l3-per-channel'],
      },
      {
        text: '6: one per image and channel.',
        correct: false,
        feedback: 'That is InstanceNorm (per sample, per channel). BatchNorm pools the whole batch.',
      },
      {
        text: '27: one per channel and position.',
        correct: false,
        feedback:
          'That would treat each position as its own feature, as a dense BN on the flattened map would. BN2d shares one pair across positions.',
      },
    ],
  },
};
