// The PyTorch twin (torch >= 2): a short runnable script building the same network as one NormLab
// run (layers, normalizer and placement, bias flags, init), with the same optimizer, batch size,
// seed and steps, evaluating in model.eval(). Pure: config in, text out; twin-plan.ts reads the spec.

import { type LayerSpec, type NormSpec, normInfo } from '#engine';
import {
  batchRenormNote,
  comments,
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

/** The file name the Download button saves the PyTorch script as. */
export const PYTORCH_FILE = 'normlab-experiment.py';

const args = pyArgs;

const once = (noted: Noted, key: string, lines: string[]) => noteOnce(noted, key, lines, '    ');

function normLines(norm: NormSpec, inShape: number[], noted: Noted): string[] {
  if (norm.type === 'batchrenorm') {
    return [
      ...comments(batchRenormNote(norm, 'PyTorch has no Batch Renormalization layer.'), '    '),
      ...normLines({ ...norm, type: 'batchnorm' }, inShape, noted),
    ];
  }
  const c = inShape[0];
  const spatial = inShape.length === 3;
  const eps = `eps=${pyNum(norm.eps ?? 1e-5)}`;
  const note = comments(halfPrecisionNote(norm), '    ');
  switch (norm.type) {
    case 'batchnorm': {
      const lines = [...note];
      const momentum = norm.momentum === null ? 'None' : pyNum(norm.momentum ?? 0.1);
      if (norm.momentum === null)
        lines.push('    # momentum=None: a cumulative average of every batch, as NormLab');
      if (norm.frozen) {
        lines.push(
          "    # NormLab's frozen BatchNorm (running statistics in train mode too, not updated) has no flag:",
          "    # call this layer's .eval() after every model.train() (and requires_grad_(False) for gamma/beta).",
        );
      }
      const track = norm.trackRunningStats === false ? 'track_running_stats=False' : null;
      const affine = norm.affine === false ? 'affine=False' : null;
      lines.push(
        `    nn.BatchNorm${spatial ? '2d' : '1d'}(${args([String(c), eps, `momentum=${momentum}`, affine, track])}),`,
      );
      return lines;
    }
    case 'layernorm':
      return [
        ...note,
        ...(spatial
          ? once(noted, 'ln-spatial', [
              'over the whole sample (C, H, W), elementwise gamma and beta, as NormLab',
            ])
          : []),
        `    nn.LayerNorm(${args([spatial ? `[${inShape.join(', ')}]` : String(c), eps, norm.affine === false ? 'elementwise_affine=False' : null])}),`,
      ];
    case 'groupnorm':
      return [
        ...note,
        `    nn.GroupNorm(${args([String(norm.groups), String(c), eps, norm.affine === false ? 'affine=False' : null])}),`,
      ];
    case 'instancenorm':
      return [
        ...note,
        `    nn.InstanceNorm2d(${args([String(c), eps, norm.affine ? 'affine=True' : null])}),`,
      ];
    case 'rmsnorm':
      return [
        ...note,
        ...once(noted, 'rms', [
          'torch.nn.RMSNorm exists since torch 2.4 (older: write x * torch.rsqrt(x.pow(2).mean(...) + eps) * gamma)',
        ]),
        `    nn.RMSNorm(${args([spatial ? `[${inShape.join(', ')}]` : String(c), eps, norm.affine === false ? 'elementwise_affine=False' : null])}),`,
      ];
    default:
      // A normalizer this generator has no layer for (a new catalog row): say so, keep the script runnable.
      return [
        ...comments(
          [
            `${normInfo((norm as { type: string }).type).label}: no PyTorch layer is generated for it; nn.Identity() stands in its place.`,
          ],
          '    ',
        ),
        '    nn.Identity(),',
      ];
  }
}

/** NormLab's identity skip (`skip` ... `add`): y = x + block(x). */
const RESIDUAL_CLASS = [
  'class Residual(nn.Module):',
  '    """y = x + block(x): an identity skip around the layers it wraps."""',
  '',
  '    def __init__(self, *layers):',
  '        super().__init__()',
  '        self.block = nn.Sequential(*layers)',
  '',
  '    def forward(self, x):',
  '        return x + self.block(x)',
];

function layerLines({ spec, inShape }: TwinLayer, noted: Noted): string[] {
  const layer: LayerSpec = spec;
  switch (layer.type) {
    case 'dense':
      return [
        `    nn.Linear(${args([String(inShape[0]), String(layer.units), layer.bias === false ? 'bias=False' : null])}),`,
      ];
    case 'conv2d':
      return [
        `    nn.Conv2d(${args([
          String(inShape[0]),
          String(layer.filters),
          `kernel_size=${layer.kernel}`,
          (layer.stride ?? 1) !== 1 ? `stride=${layer.stride}` : null,
          (layer.padding ?? 0) !== 0 ? `padding=${layer.padding}` : null,
          layer.bias === false ? 'bias=False' : null,
        ])}),`,
      ];
    case 'maxpool2d':
    case 'avgpool2d':
      return [
        `    nn.${layer.type === 'maxpool2d' ? 'MaxPool2d' : 'AvgPool2d'}(${args([String(layer.size), layer.stride !== undefined ? `stride=${layer.stride}` : null])}),`,
      ];
    case 'flatten':
      return ['    nn.Flatten(),'];
    case 'relu':
      return ['    nn.ReLU(),'];
    case 'sigmoid':
      return ['    nn.Sigmoid(),'];
    case 'tanh':
      return ['    nn.Tanh(),'];
    case 'dropout':
      return [`    nn.Dropout(${pyNum(layer.rate)}),`];
    case 'skip':
    case 'add':
      throw new Error('residual blocks are written by nestedLines');
    default:
      return normLines(layer, inShape, noted);
  }
}

function initLines(plan: TwinPlan): string[] {
  const init = plan.spec.init;
  const call =
    init.type === 'kaiming'
      ? 'nn.init.kaiming_normal_(m.weight, nonlinearity="relu")  # N(0, 2 / fan_in), whatever the activation, as NormLab'
      : init.type === 'xavier'
        ? 'nn.init.xavier_normal_(m.weight)  # N(0, 2 / (fan_in + fan_out))'
        : `nn.init.normal_(m.weight, mean=0.0, std=${pyNum(init.std)})`;
  return [
    'def init_weights(m):',
    '    if isinstance(m, (nn.Linear, nn.Conv2d)):',
    `        ${call}`,
    '        if m.bias is not None:',
    '            nn.init.zeros_(m.bias)',
  ];
}

function optimizerLines(plan: TwinPlan): string[] {
  const o = plan.spec.optimizer;
  const decay = (o.weightDecay ?? 0) > 0;
  const params = decay ? 'groups' : 'model.parameters()';
  const lines: string[] = [];
  if (decay) {
    lines.push(
      '# NormLab decays only Linear/Conv weights (L2 added to the gradient, as weight_decay in torch.optim):',
      '# biases and normalizer gamma/beta are not decayed.',
      'decayed = [m.weight for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]',
      'decayed_ids = {id(p) for p in decayed}',
      'groups = [',
      '    {"params": decayed, "weight_decay": WEIGHT_DECAY},',
      '    {"params": [p for p in model.parameters() if id(p) not in decayed_ids], "weight_decay": 0.0},',
      ']',
    );
  }
  if (o.type === 'sgd') {
    const momentum = (o.momentum ?? 0) > 0 ? 'momentum=MOMENTUM' : null;
    lines.push(`optimizer = torch.optim.SGD(${args([params, 'lr=LR', momentum])})`);
  } else {
    const betas =
      o.beta1 !== undefined || o.beta2 !== undefined
        ? `betas=(${pyNum(o.beta1 ?? 0.9)}, ${pyNum(o.beta2 ?? 0.999)})`
        : null;
    const eps = o.eps !== undefined ? `eps=${pyNum(o.eps)}` : null;
    lines.push(`optimizer = torch.optim.Adam(${args([params, 'lr=LR', betas, eps])})`);
  }
  return lines;
}

function dataLines(plan: TwinPlan): string[] {
  if (plan.mnist) {
    return [
      ...mnistNote(),
      '',
      '',
      'def mnist(train, count):',
      '    ds = datasets.MNIST("data", train=train, download=True)',
      '    x = ds.data[:count].float().div(255).unsqueeze(1)  # (N, 1, 28, 28)',
      '    return x, ds.targets[:count]',
      '',
      '',
      `x_train, y_train = mnist(True, ${MNIST_TRAIN})`,
      `x_test, y_test = mnist(False, ${MNIST_TEST})`,
    ];
  }
  return [
    ...toyDataPython(plan.config),
    'x_train, y_train, x_test, y_test = map(torch.from_numpy, (x_train, y_train, x_test, y_test))',
  ];
}

function servingLines(plan: TwinPlan): string[] {
  if (!plan.serving) return [];
  return [
    '',
    `# Serving, as in NormLab's serving panel: requests one image at a time (batch size 1).`,
    'model.eval()  # the line the eval() bug is about:',
    ...comments(servingReason(plan, 'Without it, ')),
    'with torch.no_grad():',
    `    served = torch.cat([model(x_test[i : i + 1]).argmax(1) for i in range(${TWIN_SERVED})])`,
    `print(f"served one at a time: {(served == y_test[:${TWIN_SERVED}]).float().mean().item():.3f} accuracy")`,
  ];
}

/** The PyTorch script of one run. */
export function pytorchScript(input: TwinInput): string {
  const plan = twinPlan(input);
  const noted: Noted = new Set();
  const lines = [
    ...header(plan, 'PyTorch (torch >= 2)'),
    ...(plan.mnist ? [] : ['import numpy as np']),
    'import torch',
    'from torch import nn',
    ...(plan.mnist ? ['from torchvision import datasets'] : []),
    '',
    ...constants(plan),
    'torch.manual_seed(SEED)',
    '',
    ...dataLines(plan),
    '',
    ...(hasResidual(plan) ? [...RESIDUAL_CLASS, '', ''] : []),
    'model = nn.Sequential(',
    ...nestedLines(plan.layers, (layer) => layerLines(layer, noted), '    Residual(', '    ),', '    '),
    ')',
    '',
    '',
    ...initLines(plan),
    '',
    '',
    'model.apply(init_weights)',
    ...optimizerLines(plan),
    'loss_fn = nn.CrossEntropyLoss()  # softmax cross-entropy on the logits',
    '',
    '',
    'def evaluate(x, y):',
    `    model.eval()  # ${evalReason(plan)}`,
    '    with torch.no_grad():',
    '        logits = model(x)',
    '        loss = loss_fn(logits, y).item()',
    '        accuracy = (logits.argmax(1) == y).float().mean().item()',
    '    model.train()',
    '    return loss, accuracy',
    '',
    '',
    'model.train()  # batch statistics while training',
    'order, pos = torch.randperm(len(x_train)), 0',
    'for step in range(1, STEPS + 1):',
    '    if pos + BATCH_SIZE > len(x_train):  # a new epoch, reshuffled',
    '        order, pos = torch.randperm(len(x_train)), 0',
    '    idx = order[pos : pos + BATCH_SIZE]',
    '    pos += BATCH_SIZE',
    '    loss = loss_fn(model(x_train[idx]), y_train[idx])',
    '    optimizer.zero_grad()',
    '    loss.backward()',
    '    optimizer.step()',
    '    if step % 50 == 0 or step == STEPS:',
    '        test_loss, test_accuracy = evaluate(x_test, y_test)',
    '        print(f"step {step}: train loss {loss.item():.4f}, test loss {test_loss:.4f}, test accuracy {test_accuracy:.3f}")',
    ...servingLines(plan),
  ];
  if (plan.spec.loss !== 'softmax-cross-entropy') {
    throw new Error(`the code twin writes softmax cross-entropy only, got ${plan.spec.loss}`);
  }
  return `${lines.join('\n')}\n`;
}
