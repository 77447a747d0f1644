// Lesson 10: the family — BatchNorm, LayerNorm, GroupNorm, InstanceNorm and RMSNorm as one formula
// over different sets of values (the Lab's (N, C, H×W) diagram with its group slider), the five
// trained on lesson 7's CNN in one race, and why sequences use LayerNorm (a padded-sequence task
// trained live in a worker on request, and by the claim tests in node).

import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { LESSON_10_PREDICT } from './predict.ts';
import { LESSON_10, LESSON_10_GROUPNORM, LESSON_10_WITH_NONE } from './preset.ts';
import { SequencePanel } from './SequencePanel.tsx';
import { references } from './sources.ts';

export const content: LessonContent = {
  id: 10,
  screens: [
    {
      title: 'One formula, five choices of set',
      body: (
        <>
          <p>
            BatchNorm, LayerNorm, GroupNorm and InstanceNorm all compute the same thing. Pick a set{' '}
            <M tex="S" /> of values, take their mean and variance, standardize each value with them, then
            scale and shift:
          </p>
          <Formula
            tex={String.raw`\mu_S = \frac{1}{|S|}\sum_{i \in S} x_i \qquad \sigma_S^2 = \frac{1}{|S|}\sum_{i \in S} (x_i - \mu_S)^2 \qquad y = \gamma\,\frac{x - \mu_S}{\sqrt{\sigma_S^2 + \varepsilon}} + \beta`}
          />
          <p>
            What differs is the set. A conv layer's activations form a block of <M tex="N" /> samples by{' '}
            <M tex="C" /> channels by <M tex={String.raw`H \times W`} /> positions, and the diagram in the
            live panel draws it flat: one row per sample, one column per channel, each cell standing for its{' '}
            <M tex={String.raw`H \times W`} /> values.{' '}
            <Claim id="l10-sets">
              BatchNorm shares one mean and variance per channel, over all samples and positions (a column).
              LayerNorm shares one per sample, over all its channels and positions (a row). GroupNorm splits
              each row into <M tex="G" /> groups of consecutive channels, and InstanceNorm gives every cell
              its own.
            </Claim>{' '}
            Once training runs, click a coloured set to see the mean and variance the normalizer would take
            from it — the live output of the first conv layer, which is what the first normalizer reads — and
            switch the normalizer above the diagram to see other sets of the same numbers.
          </p>
          <p>
            <Claim id="l10-rms">
              RMSNorm is the odd one out: it subtracts no mean, divides each sample by its root mean square,
              and has a scale <M tex={String.raw`\gamma`} /> but no shift <M tex={String.raw`\beta`} />.
            </Claim>
          </p>
          <Formula
            tex={String.raw`y = \gamma\,\frac{x}{\sqrt{\tfrac{1}{|S|}\sum_{i \in S} x_i^2 + \varepsilon}}`}
          />
          <p>
            <Claim id="l10-sets">Only BatchNorm's set crosses samples.</Claim> That is the one fact on this
            page that matters most in practice, and the rest of the lesson follows from it.
          </p>
        </>
      ),
    },
    {
      title: 'The group slider',
      body: (
        <>
          <p>
            Choose GroupNorm in the diagram and move the <strong>Groups (G)</strong> slider. With{' '}
            <M tex="G = 1" /> a group is the whole row, LayerNorm's set; with <M tex="G = C" /> every group is
            a single channel, InstanceNorm's set. The two ends are not just pictures:
          </p>
          <ul>
            <li>
              <Claim id="l10-gn-ln">
                GroupNorm with one group gives exactly LayerNorm's output over <M tex="(C, H, W)" />, once
                LayerNorm's <M tex={String.raw`\gamma`} /> and <M tex={String.raw`\beta`} /> are set per
                channel (GroupNorm has one pair per channel, LayerNorm one per value): the engine's two layers
                agree to the last bit.
              </Claim>
            </li>
            <li>
              <Claim id="l10-gn-in">
                GroupNorm with <M tex="G = C" /> gives exactly InstanceNorm's output, bit for bit.
              </Claim>
            </li>
          </ul>
          <p>
            So GroupNorm is a dial between the two per-sample extremes: how many channels pool their
            statistics.{' '}
            <Claim id="l10-wu-he">
              Wu and He, who introduced it, used 32 groups in their ImageNet networks; the small CNN here has
              8 and 16 channels and uses 4.
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Five runs, one chart',
      body: (
        <>
          <p>
            Press <kbd>Play</kbd>. The live panel trains lesson 7's small CNN five times, once per normalizer,
            from the same initial weights on the same batches of 16 digits, and stops at step 100. The curves
            share one chart and the run table has the numbers.
          </p>
          <p>
            <Claim id="l10-five">
              All five reach 85–90 % test accuracy by step 100 and finish within 4 points of each other, on
              this seed and two others we tried.
            </Claim>{' '}
            <Claim id="l10-none">
              And the honest footnote: on a network this shallow, normalization barely matters. Without any,
              the same CNN reaches 86–90 % too, within a few points of the best normalized run on all three
              seeds (the first try-this adds it to the race).
            </Claim>{' '}
            Lesson 8 shows where depth changes that.
          </p>
          <p>
            What does differ is what an answer depends on.{' '}
            <Claim id="l10-mates">
              In training mode, the same digit sent with different batch-mates gets different outputs under
              BatchNorm (its logits move by up to about 2 on these runs); under LayerNorm, GroupNorm,
              InstanceNorm and RMSNorm its outputs are bit-identical whatever the rest of the batch holds.
            </Claim>{' '}
            <Claim id="l10-mates">
              The per-sample four compute the same thing in training and at inference and keep no running
              statistics
            </Claim>
            , so the eval-mode bug of lesson 7 cannot happen to them.
          </p>
        </>
      ),
    },
    {
      title: 'Why sequences use LayerNorm',
      body: (
        <>
          <p>
            Language models normalize with LayerNorm or RMSNorm, not BatchNorm. A batch of sentences has
            different lengths, so the shorter ones are padded with empty positions up to a common length, and
            a normalizer sees one row of features per token.
          </p>
          <p>
            <Claim id="l10-seq-task">
              The panel below trains a small model on exactly that, in the engine's worker, in a second or
              two: sequences of 4 to 16 tokens from A, B, C, D, padded to 16, and the question "more A than
              B?". Each token goes through the same little network with a normalizer, then the model averages
              over the real tokens only and answers. With BatchNorm, LayerNorm or RMSNorm it answers all 400
              held-out sequences correctly, on this seed and two others we tried.
            </Claim>
          </p>
          <SequencePanel />
          <p>
            But BatchNorm's mean and variance are taken over every token row of the batch, padding included,
            as a straightforward implementation does.{' '}
            <Claim id="l10-seq-pad">
              So in training mode, padding the same batch to 24 positions instead of 16 moves a sequence's
              logits by up to 3 to 4, and padding to 96 by up to 18 to 26 (on three seeds), although no real
              token changed. This task has a wide margin, so few answers flip (at most 13 of 400). Under
              LayerNorm and RMSNorm the logits do not move at all: each token is normalized on its own.
            </Claim>
          </p>
          <p>
            <Claim id="l10-seq-one">
              Serving one sequence at a time, as chat models do, BatchNorm in training mode has only that
              sequence's tokens to take statistics from, and 47–66 of the 400 answers differ from eval mode's
              on three seeds. LayerNorm needs no running statistics at all: at batch size 1 its answers are
              bit-identical to those in a batch.
            </Claim>
          </p>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_10,
    knobs: ['groups', 'seed'],
    views: ['axes', 'featureMaps', 'accuracy', 'runs', 'loss'],
    tryThis: [
      {
        label: 'Add a run without normalization',
        look: 'A sixth curve with no normalizer at all: on this shallow CNN it ends within a few points of the normalized five at step 100.',
        apply: () => LESSON_10_WITH_NONE,
        claims: ['l10-none'],
      },
      {
        label: 'Race GroupNorm with 1, 4 and 8 groups',
        look: 'Pick a run in the diagram: with G = 1 its sets are LayerNorm’s rows, with G = 8 the first layer’s 8 channels each get their own set, InstanceNorm’s.',
        apply: () => LESSON_10_GROUPNORM,
        claims: ['l10-gn-ln', 'l10-gn-in'],
      },
      {
        label: 'Change the seed',
        look: 'Different initial weights and batches: the numbers move, the five stay within 4 points of each other at step 100.',
        apply: (e) => ({ ...e, config: { ...e.config, seed: e.config.seed + 1 } }),
        claims: ['l10-five'],
      },
    ],
  },
  predict: LESSON_10_PREDICT,
  takeaway: (
    <p>
      The five normalizers are one formula over different sets of values.{' '}
      <Claim id="l10-mates">
        Only BatchNorm's set crosses samples, so only its training-mode output depends on the rest of the
        batch
      </Claim>{' '}
      — and on padding, in sequences.{' '}
      <Claim id="l10-five">
        For images at a healthy batch size the choice mattered little on this small network
      </Claim>
      ; when batches are small, or samples differ in length, pick a per-sample normalizer: GroupNorm for
      images, LayerNorm or RMSNorm for sequences.
    </p>
  ),
  references,
  quiz: {
    question:
      'A model serves one padded sentence at a time and its normalizer is in training mode. Which normalizer gives a sentence the same answer whatever its padding?',
    options: [
      {
        text: 'LayerNorm: it normalizes each token over its own features.',
        correct: true,
        feedback:
          'Yes. Its statistics never leave the token, so padding and batch-mates cannot reach them; it also keeps no running statistics.',
        claims: ['l10-seq-pad', 'l10-seq-one'],
      },
      {
        text: 'BatchNorm: its statistics are averaged over many tokens, so they are stable.',
        correct: false,
        feedback:
          'Averaged over every token row of the batch, padding included: the padded length moves the logits, by up to 26 in the lesson’s model at 96 positions.',
        claims: ['l10-seq-pad'],
      },
      {
        text: 'Any of them: normalization never depends on other inputs.',
        correct: false,
        feedback:
          'BatchNorm’s does. Its set crosses samples (a column of the diagram), so in training mode the batch and its padding are part of the input.',
        claims: ['l10-sets', 'l10-mates'],
      },
    ],
  },
};
