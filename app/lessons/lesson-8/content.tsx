// Lesson 8: where BatchNorm goes and how deep it can go — a 32-layer BN-ReLU MLP as a plain stack
// and with residual blocks (post- and pre-activation); then BN before vs after the activation, the
// redundant bias before BN, and BN on the logits, each measured on a small MNIST MLP.

import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { LESSON_8_PREDICT } from './predict.ts';
import { LESSON_8, LESSON_8_LOGITS, LESSON_8_PLACEMENT } from './preset.ts';
import { references } from './sources.ts';

export const content: LessonContent = {
  id: 8,
  screens: [
    {
      title: 'Thirty-two layers',
      body: (
        <>
          <p>
            Lesson 2 showed BatchNorm rescuing an eight-layer network whose first layers had stopped learning.
            Does that mean that with BN you can stack as many layers as you like? The live panel trains three
            networks of 32 hidden layers, 16 units each, with BatchNorm before every ReLU, on the two-arm
            spiral:
          </p>
          <ul>
            <li>
              <strong>None (plain stack)</strong>: each layer{' '}
              <M tex={String.raw`x_{l+1} = \mathrm{ReLU}(\mathrm{BN}(W_l x_l))`} />.
            </li>
            <li>
              <strong>Residual, post-activation</strong>: the same layers, each with an identity skip around
              it, added before the ReLU,{' '}
              <M tex={String.raw`x_{l+1} = \mathrm{ReLU}(x_l + \mathrm{BN}(W_l x_l))`} />.
            </li>
            <li>
              <strong>Residual, pre-activation</strong>: the <em>pre-activation</em> order,{' '}
              <M tex={String.raw`x_{l+1} = x_l + W_l\,\mathrm{ReLU}(\mathrm{BN}(x_l))`} />, where nothing at
              all sits on the skip path.
            </li>
          </ul>
          <p>
            Press <kbd>Play</kbd>. All three start from the same seed and pause at step 600, within a minute
            even on a busy two-core machine.
          </p>
        </>
      ),
    },
    {
      title: 'Exploding at initialization',
      body: (
        <>
          <p>
            Open the training diagnostics and look at the gradient norms of the very first steps. The gradient
            that reaches layer 1 is the output layer's multiplied by one Jacobian per layer:
          </p>
          <Formula
            tex={String.raw`\frac{\partial L}{\partial x_1} = \frac{\partial L}{\partial x_{33}}\;\prod_{l=32}^{1} J_l, \qquad J_l = \frac{\partial x_{l+1}}{\partial x_l}`}
          />
          <p>
            BatchNorm keeps the <em>forward</em> signal at unit scale, but it does not keep these Jacobians
            near 1: Yang et al. (2019) proved that in a plain BN network the gradient at initialization grows
            exponentially with depth, and that no choice of weight scale removes it.{' '}
            <Claim id="l8-init">
              Here, in the plain stack, the first layer's gradient is 900 times the output layer's at the
              first step (400–900 on three seeds).
            </Claim>
          </p>
          <p>A residual block adds the identity to each Jacobian, so the chain rule gives</p>
          <Formula
            tex={String.raw`x_{l+1} = x_l + F(x_l) \qquad \frac{\partial L}{\partial x_l} = \frac{\partial L}{\partial x_{l+1}}\,\big(I + \tfrac{\partial F}{\partial x_l}\big)`}
          />
          <p>
            so the gradient has a direct path from the loss to every layer.{' '}
            <Claim id="l8-init">
              With skips, the first layer's gradient is between 0.3 and 2.5 times the output layer's, in both
              orders and on all three seeds.
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Skips let depth train',
      body: (
        <>
          <p>
            Now the loss curves (untick <em>Log scale</em> to spread them apart) and the run table, whose
            train loss is the last batch's alone.{' '}
            <Claim id="l8-deep">
              Over the last 50 steps before step 600 the plain stack's train loss averages 0.70 — chance for
              two classes is 0.69 — and its test accuracy is 50 %: it has learned nothing. The pre-activation
              stack is at 0.59 and 78 %.
            </Claim>{' '}
            <Claim id="l8-deep">
              The post-activation stack lies in between (0.63); on seeds 2 and 3 the plain stack reaches 0.67
              and 50–62 %, the pre-activation stack 0.56 and 72–78 %.
            </Claim>
          </p>
          <p>
            This is why very deep BN networks are residual networks. He et al. (2016) moved BN and ReLU into
            the branch, before the weights, so the skip path is a pure identity from the first block to the
            last.{' '}
            <Claim id="l8-deep">
              Here too that order trains fastest of the three: on every seed we tried, its loss at step 600 is
              the lowest and the plain stack's the highest.
            </Claim>{' '}
            The spiral is not solved at step 600; press <kbd>Play</kbd> again to let the runs go on.
          </p>
        </>
      ),
    },
    {
      title: 'Before or after the activation — and the bias',
      body: (
        <>
          <p>
            Ioffe and Szegedy put BN on <M tex="Wx" />, before the nonlinearity. Many networks put it after.
            Try the first prompt below: a 784-32-32-10 MNIST network with BN before and with BN after each
            ReLU, 400 steps each.{' '}
            <Claim id="l8-placement">
              At this scale there is no consistent winner: on seed 1 “after” ends 2.6 points ahead (91.6 % vs
              89.0 %), on seeds 2 and 3 “before” does (by 1.0 and 2.6 points). The difference is no larger
              than what changing the seed does.
            </Claim>
          </p>
          <p>
            One thing placement does decide: a bias right before BN is wasted. BN subtracts the batch mean:
          </p>
          <Formula
            tex={String.raw`\mu_B(Wx + b) = \mu_B(Wx) + b \qquad \mathrm{BN}(Wx + b) = \mathrm{BN}(Wx)`}
          />
          <p>
            so the output does not depend on <M tex="b" />, and its gradient{' '}
            <M tex={String.raw`\partial L/\partial b = \sum_i \partial L/\partial z_i`} /> is zero, because
            BN's backward pass removes the batch mean of the gradient.{' '}
            <Claim id="l8-bias">
              Put the bias back in that MNIST network and its gradient comes out about 10⁻⁸ of the weights'
              (float32 rounding, at most 10⁻⁶ on three seeds), and setting it to 5 leaves every output the
              same up to rounding.
            </Claim>{' '}
            BN's β plays its role;{' '}
            <Claim id="l8-bias">
              that is why NormLab's dense layers drop their bias when BN follows them.
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Not on the logits',
      body: (
        <>
          <p>
            What about one more BN after the last layer, on the logits themselves?{' '}
            <Claim id="l8-logits-scale">
              Then, over every training batch, class <M tex="k" />
              's logit has mean <M tex={String.raw`\beta_k`} /> and standard deviation{' '}
              <M tex={String.raw`|\gamma_k|`} />
            </Claim>
            : its scale is pinned by a learned parameter instead of by how sure the network is.
          </p>
          <p>
            Try the second prompt.{' '}
            <Claim id="l8-logits">
              Test accuracy does not suffer here (92.4 % against 89.0 % on seed 1; within a point on seeds 2
              and 3), but the train loss is 1.08–1.27 times higher at step 400: the network gets the argmax
              right while giving the correct class a lower probability.
            </Claim>{' '}
            The usual advice — no BN after the classification layer — is about the loss and the probabilities,
            not the accuracy.
          </p>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_8,
    knobs: ['depth', 'lr'],
    views: ['loss', 'runs', 'diagnostics', 'accuracy'],
    tryThis: [
      {
        label: 'BN before vs after the ReLU (MNIST MLP)',
        look: 'Two runs of a 784-32-32-10 network, 400 steps: the test accuracies end within a few points, and which one is ahead changes with the seed.',
        apply: () => LESSON_8_PLACEMENT,
        claims: ['l8-placement'],
      },
      {
        label: 'Add BN on the logits (MNIST MLP)',
        look: 'Accuracy about the same as plain logits, but a higher training loss: the logits’ spread is set by γ.',
        apply: () => LESSON_8_LOGITS,
        claims: ['l8-logits', 'l8-logits-scale'],
      },
      {
        label: 'Back to 32 layers: plain vs residual',
        look: 'The plain stack stays at chance (loss about 0.69); the pre-activation stack trains fastest.',
        apply: () => LESSON_8,
        claims: ['l8-deep'],
      },
    ],
  },
  predict: LESSON_8_PREDICT,
  takeaway: (
    <p>
      <Claim id="l8-init">
        BatchNorm alone does not make depth trainable: a 32-layer plain BN-ReLU stack starts with gradients
        hundreds of times larger at its first layer than at its output
      </Claim>
      , and{' '}
      <Claim id="l8-deep">
        it does not learn the spiral in 600 steps, while the same layers with identity skips do
      </Claim>
      . Put BN inside residual blocks (pre-activation: BN → ReLU → weight), drop the bias of a layer BN
      follows, and keep BN off the logits.{' '}
      <Claim id="l8-placement">
        Before or after the activation matters less than the seed at this scale.
      </Claim>
    </p>
  ),
  references,
  quiz: {
    question:
      'A 32-layer plain BN-ReLU network does not train, while the same layers with identity skips do. What do the skips change?',
    options: [
      {
        text: 'Each block’s Jacobian becomes I + ∂F/∂x, so the gradient reaches every layer directly instead of through a product of 32 Jacobians.',
        correct: true,
        feedback:
          'Yes. In the plain stack the product of Jacobians makes the first layer’s gradient hundreds of times the output layer’s at initialization; with skips it stays within a few times.',
        claims: ['l8-init'],
      },
      {
        text: 'The skips remove BatchNorm’s effect, which was what hurt.',
        correct: false,
        feedback:
          'BN is still in every block (and in the pre-activation order it sits right at the start of the branch). The skips add a path around it; they do not remove it.',
      },
      {
        text: 'Nothing about gradients: the skip networks simply have more parameters.',
        correct: false,
        feedback:
          'An identity skip has no parameters: all three networks have the same 32 dense layers. The difference is where the gradient can flow.',
      },
    ],
  },
};
