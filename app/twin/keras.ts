// The Keras twin (Keras 3; TensorFlow 2.16+ ships it as tf.keras): the same run as pytorch.ts, with the
// convention differences written out where they bite (BatchNorm momentum weighting the OLD value,
// epsilon 1e-3, the training= argument instead of model.eval(), trainable = False). Pure.

import { type LayerSpec, type NormSpec, normInfo } from '#engine';
import {
  batchRenormNote,
  comments,
  complement,
  constants,
  evalReason,
  halfPrecisionNote,
  hasResidual,
  header,
  MNIST_TEST,
  MNIST_TRAIN,
  mnistNote,
  type Noted,
  nestedLines,
  noteOnce,
  pyArgs,
  pyNum,
  servingReason,
  TWIN_SERVED,
  type TwinInput,
  type TwinLayer,
  type TwinPlan,
  toyDataPython,
  twinPlan,
} from './twin-plan.ts';

/** The file name the Download button saves the Keras script as. */
export const KERAS_FILE = 'normlab-experiment-keras.py';

const args = pyArgs;

const once = (noted: Noted, key: string, lines: string[]) => noteOnce(noted, key, lines, '        ');

function normLines(norm: NormSpec, inShape: number[], noted: Noted): string[] {
  if (norm.type === 'batchrenorm') {
    return [
      ...comments(
        batchRenormNote(
          norm,
          'Keras 2 (tf.keras) had BatchNormalization(renorm=True, renorm_clipping={rmax, rmin, dmax}); Keras 3 dropped it and re-added it in 2026: check your version.',
        ),
        '        ',
      ),
      ...normLines({ ...norm, type: 'batchnorm' }, inShape, noted),
    ];
  }
  const spatial = inShape.length === 3;
  const c = inShape[0];
  const eps = `epsilon=${pyNum(norm.eps ?? 1e-5)}`;
  const out = comments(halfPrecisionNote(norm), '        ');
  const epsNote = once(noted, 'eps', [
    `Keras's normalizers default to epsilon 1e-3 (PyTorch 1e-5): NormLab's ${pyNum(norm.eps ?? 1e-5)} is set explicitly.`,
  ]);
  switch (norm.type) {
    case 'batchnorm': {
      out.push(...epsNote);
      let momentum: string | null = null;
      if (norm.momentum === null) {
        out.push(
          ...comments(
            ["NormLab's momentum None (a cumulative average of every batch) has no Keras equivalent."],
            '        ',
          ),
        );
      } else {
        const m = norm.momentum ?? 0.1;
        out.push(
          ...once(noted, 'bn-momentum', [
            `BatchNorm momentum: PyTorch's ${pyNum(m)} weights the NEW batch, Keras's momentum weights the OLD value,`,
            `so Keras momentum = 1 - ${pyNum(m)} = ${pyNum(complement(m))} (Keras's default 0.99 is PyTorch's 0.01).`,
          ]),
        );
        momentum = `momentum=${pyNum(complement(m))}`;
      }
      if (norm.trackRunningStats === false) {
        out.push(
          ...comments(
            ['Keras always keeps moving statistics: no equivalent of track_running_stats=False.'],
            '        ',
          ),
        );
      }
      if (norm.frozen) {
        out.push(
          ...comments(
            [
              "NormLab's frozen BatchNorm (running statistics in train mode too, not updated): in Keras set",
              "this layer's trainable = False, which ALSO switches it to inference mode (and freezes gamma/beta).",
            ],
            '        ',
          ),
        );
      }
      const affine = norm.affine === false ? ['center=False', 'scale=False'] : [];
      out.push(`        layers.BatchNormalization(${args([momentum, eps, ...affine])}),`);
      return out;
    }
    case 'layernorm':
      return [
        ...out,
        ...epsNote,
        ...(spatial
          ? once(noted, 'ln-spatial', [
              'over the whole sample (H, W, C), elementwise gamma and beta, as NormLab',
            ])
          : []),
        `        layers.LayerNormalization(${args([spatial ? 'axis=[1, 2, 3]' : null, eps, ...(norm.affine === false ? ['center=False', 'scale=False'] : [])])}),`,
      ];
    case 'groupnorm':
      return [
        ...out,
        ...epsNote,
        `        layers.GroupNormalization(${args([`groups=${norm.groups}`, eps, ...(norm.affine === false ? ['center=False', 'scale=False'] : [])])}),`,
      ];
    case 'instancenorm':
      return [
        ...out,
        ...epsNote,
        ...comments(
          [
            'Keras has no InstanceNormalization layer: GroupNormalization with one channel per group is the same.',
          ],
          '        ',
        ),
        `        layers.GroupNormalization(${args([`groups=${c}`, eps, norm.affine ? null : 'center=False', norm.affine ? null : 'scale=False'])}),`,
      ];
    case 'rmsnorm':
      return [
        ...out,
        ...comments(
          spatial
            ? [
                "DIFFERS: Keras's RMSNormalization (recent Keras 3 only) normalizes over one axis, the channels;",
                'NormLab (and torch.nn.RMSNorm([C, H, W])) divide by the RMS of the whole sample.',
              ]
            : ['keras.layers.RMSNormalization exists in recent Keras 3 releases only.'],
          '        ',
        ),
        `        layers.RMSNormalization(${args(['axis=-1', eps])}),`,
      ];
    default:
      // A normalizer this generator has no layer for (a new catalog row): say so, keep the script runnable.
      return [
        ...comments(
          [
            `${normInfo((norm as { type: string }).type).label}: no Keras layer is generated for it; layers.Identity() stands in its place.`,
          ],
          '        ',
        ),
        '        layers.Identity(),',
      ];
  }
}

function kernelArgs(plan: TwinPlan): string[] {
  const decay = (plan.spec.optimizer.weightDecay ?? 0) > 0;
  return [
    'kernel_initializer=init()',
    ...(decay ? ['kernel_regularizer=keras.regularizers.L2(WEIGHT_DECAY / 2)'] : []),
  ];
}

/** NormLab's identity skip (`skip` ... `add`): y = x + block(x), the block's layers in a list. */
const RESIDUAL_CLASS = [
  'class Residual(layers.Layer):',
  '    """y = x + block(x): an identity skip around the layers it wraps."""',
  '',
  '    def __init__(self, block, **kwargs):',
  '        super().__init__(**kwargs)',
  '        self.block = block',
  '',
  '    def call(self, x, training=None):',
  '        y = x',
  '        for layer in self.block:',
  '            y = layer(y, training=training)',
  '        return x + y',
];

function layerLines(plan: TwinPlan, { spec, inShape }: TwinLayer, noted: Noted): string[] {
  const layer: LayerSpec = spec;
  switch (layer.type) {
    case 'dense':
      return [
        `        layers.Dense(${args([String(layer.units), layer.bias === false ? 'use_bias=False' : null, ...kernelArgs(plan)])}),`,
      ];
    case 'conv2d': {
      const stride = layer.stride ?? 1;
      const pad = layer.padding ?? 0;
      const same = stride === 1 && 2 * pad === layer.kernel - 1 && pad > 0;
      return [
        ...(pad > 0 && !same ? [`        layers.ZeroPadding2D(${pad}),`] : []),
        `        layers.Conv2D(${args([
          String(layer.filters),
          String(layer.kernel),
          stride !== 1 ? `strides=${stride}` : null,
          same ? 'padding="same"' : null,
          layer.bias === false ? 'use_bias=False' : null,
          ...kernelArgs(plan),
        ])}),`,
      ];
    }
    case 'maxpool2d':
    case 'avgpool2d':
      return [
        `        layers.${layer.type === 'maxpool2d' ? 'MaxPooling2D' : 'AveragePooling2D'}(${args([String(layer.size), layer.stride !== undefined ? `strides=${layer.stride}` : null])}),`,
      ];
    case 'flatten':
      return [
        ...(inShape.length === 3 && inShape[0] > 1
          ? comments(
              ['flattens (H, W, C), PyTorch (C, H, W): the same net, weights not interchangeable'],
              '        ',
            )
          : []),
        '        layers.Flatten(),',
      ];
    case 'relu':
    case 'sigmoid':
    case 'tanh':
      return [`        layers.Activation("${layer.type}"),`];
    case 'dropout':
      return [`        layers.Dropout(${pyNum(layer.rate)}),`];
    case 'skip':
    case 'add':
      throw new Error('residual blocks are written by nestedLines');
    default:
      return normLines(layer, inShape, noted);
  }
}

function initLines(plan: TwinPlan): string[] {
  const init = plan.spec.init;
  const make =
    init.type === 'kaiming'
      ? [
          '# He/Kaiming normal, N(0, 2 / fan_in): "he_normal" would be TRUNCATED, NormLab and PyTorch are not.',
          'def init():',
          '    return keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", distribution="untruncated_normal")',
        ]
      : init.type === 'xavier'
        ? [
            '# Glorot/Xavier normal, N(0, 2 / (fan_in + fan_out)): "glorot_normal" would be TRUNCATED, NormLab is not.',
            'def init():',
            '    return keras.initializers.VarianceScaling(scale=1.0, mode="fan_avg", distribution="untruncated_normal")',
          ]
        : ['def init():', `    return keras.initializers.RandomNormal(mean=0.0, stddev=${pyNum(init.std)})`];
  return make;
}

function optimizerLine(plan: TwinPlan): string[] {
  const o = plan.spec.optimizer;
  const lines: string[] = [];
  if ((o.weightDecay ?? 0) > 0) {
    lines.push(
      '# Weight decay as NormLab and torch.optim do it (L2 added to the gradient of Dense/Conv kernels only) is the',
      "# kernel_regularizer above; Keras's optimizer weight_decay= is decoupled (AdamW-style), a different rule.",
    );
  }
  if (o.type === 'sgd') {
    const momentum = (o.momentum ?? 0) > 0 ? 'momentum=MOMENTUM' : null;
    lines.push(`optimizer = keras.optimizers.SGD(${args(['learning_rate=LR', momentum])})`);
  } else {
    lines.push(
      "# epsilon: Keras's default is 1e-7, PyTorch's 1e-8 (and Keras adds it to sqrt(v) before bias correction).",
      `optimizer = keras.optimizers.Adam(${args([
        'learning_rate=LR',
        o.beta1 !== undefined ? `beta_1=${pyNum(o.beta1)}` : null,
        o.beta2 !== undefined ? `beta_2=${pyNum(o.beta2)}` : null,
        `epsilon=${pyNum(o.eps ?? 1e-8)}`,
      ])})`,
    );
  }
  return lines;
}

function dataLines(plan: TwinPlan): string[] {
  if (plan.mnist) {
    return [
      ...mnistNote(),
      '(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()',
      '# (N, 28, 28, 1): Keras is channels-last where PyTorch is (N, 1, 28, 28)',
      `x_train, y_train = (x_train[:${MNIST_TRAIN}].astype("float32") / 255)[..., None], y_train[:${MNIST_TRAIN}]`,
      `x_test, y_test = (x_test[:${MNIST_TEST}].astype("float32") / 255)[..., None], y_test[:${MNIST_TEST}]`,
    ];
  }
  return toyDataPython(plan.config);
}

function inputShape(plan: TwinPlan): string {
  const s = plan.spec.input;
  return s.length === 3 ? `(${s[1]}, ${s[2]}, ${s[0]})` : `(${s[0]},)`;
}

function servingLines(plan: TwinPlan): string[] {
  if (!plan.serving) return [];
  return [
    '',
    `# Serving, as in NormLab's serving panel: requests one image at a time (batch size 1).`,
    "# Keras has no model.eval(): each call's training= argument is the mode. model(x) and predict() default to",
    '# inference (moving statistics); model(x, training=True) is the eval() bug.',
    ...comments(servingReason(plan, 'With training=True, ')),
    'served = np.concatenate(',
    `    [np.argmax(np.asarray(model(x_test[i : i + 1], training=False)), axis=1) for i in range(${TWIN_SERVED})]`,
    ')',
    `print(f"served one at a time: {np.mean(served == y_test[:${TWIN_SERVED}]):.3f} accuracy")`,
  ];
}

/** The Keras script of one run. */
export function kerasScript(input: TwinInput): string {
  const plan = twinPlan(input);
  if (plan.spec.loss !== 'softmax-cross-entropy') {
    throw new Error(`the code twin writes softmax cross-entropy only, got ${plan.spec.loss}`);
  }
  const noted: Noted = new Set();
  const body = nestedLines(
    plan.layers,
    (layer) => layerLines(plan, layer, noted),
    '        Residual([',
    '        ]),',
    '    ',
  );
  const hasBn = plan.spec.layers.some((l) => l.type === 'batchnorm');
  const lines = [
    ...header(plan, 'Keras 3 (TensorFlow 2.16+ ships it as tf.keras)'),
    'import keras',
    'import numpy as np',
    'from keras import layers',
    '',
    ...constants(plan),
    'keras.utils.set_random_seed(SEED)',
    '',
    ...dataLines(plan),
    '',
    '',
    ...initLines(plan),
    '',
    '',
    ...(hasResidual(plan) ? [...RESIDUAL_CLASS, '', ''] : []),
    'model = keras.Sequential(',
    '    [',
    `        keras.Input(shape=${inputShape(plan)}),`,
    ...body,
    '    ]',
    ')',
    ...optimizerLine(plan),
    'model.compile(',
    '    optimizer=optimizer,',
    '    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),  # softmax cross-entropy on the logits',
    '    metrics=["accuracy"],',
    ')',
    '',
    '',
    'def batches():',
    '    rng = np.random.default_rng(SEED)',
    '    while True:  # each epoch reshuffled',
    '        order = rng.permutation(len(x_train))',
    '        for i in range(0, len(order) - BATCH_SIZE + 1, BATCH_SIZE):',
    '            idx = order[i : i + BATCH_SIZE]',
    '            yield x_train[idx], y_train[idx]',
    '',
    '',
    "# fit() calls the model with training=True (Keras's model.train(): batch statistics, dropout on);",
    `# evaluate() with training=False (model.eval(): ${evalReason(plan)}).`,
    ...(hasBn
      ? [
          '# Setting trainable = False on a BatchNormalization layer ALSO puts it in inference mode (unlike',
          '# requires_grad_(False) in PyTorch, which leaves it normalizing with batch statistics).',
        ]
      : []),
    'model.fit(batches(), steps_per_epoch=STEPS, epochs=1)',
    'test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)',
    'print(f"step {STEPS}: test loss {test_loss:.4f}, test accuracy {test_accuracy:.3f}")',
    ...servingLines(plan),
  ];
  return `${lines.join('\n')}\n`;
}
