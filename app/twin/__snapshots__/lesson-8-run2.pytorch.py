# NormLab experiment in PyTorch (torch >= 2), generated from the config the in-browser engine trains.
# Data spiral, model mlp, norm batchnorm (before the activation), optimizer momentum, init kaiming.
# Same network, hyper-parameters and seed; not the same numbers: NormLab draws its weights, batches
# and (2-D sets) points from its own seeded generator, so curves match in shape, not digit for digit.
# NormLab trains residual = none, post, pre side by side; this is the run with
# residual = post (same seed and data).
import numpy as np
import torch
from torch import nn

SEED = 1
BATCH_SIZE = 32
STEPS = 600
LR = 0.05
MOMENTUM = 0.9
torch.manual_seed(SEED)

# The spiral set, generated like NormLab's (engine/data/toy.ts): 600 points, noise 0.1,
# 20 % held out for test. NormLab samples with its own seeded generator (data seed 7),
# so these are different points of the same distribution unless you port that sampler exactly.
COUNT, NOISE, CLASSES = 600, 0.1, 2
rng = np.random.default_rng(7)


def clean_points(c, n):
    t = rng.uniform(size=n)  # radius in [0, 1]
    angle = 1.75 * 2 * np.pi * t + c * np.pi
    return np.stack([t * np.sin(angle), t * np.cos(angle)], axis=1)


xs, ys = [], []
for c in range(CLASSES):
    n = COUNT // CLASSES + (1 if c < COUNT % CLASSES else 0)
    xs.append(clean_points(c, n) + NOISE * rng.normal(size=(n, 2)))
    ys.append(np.full(n, c))
x_all = np.concatenate(xs).astype(np.float32)
y_all = np.concatenate(ys).astype(np.int64)
order = rng.permutation(COUNT)
n_test = round(COUNT * 0.2)  # NormLab holds out this share of EACH class
x_test, y_test = x_all[order[:n_test]], y_all[order[:n_test]]
x_train, y_train = x_all[order[n_test:]], y_all[order[n_test:]]
x_train, y_train, x_test, y_test = map(torch.from_numpy, (x_train, y_train, x_test, y_test))

class Residual(nn.Module):
    """y = x + block(x): an identity skip around the layers it wraps."""

    def __init__(self, *layers):
        super().__init__()
        self.block = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.block(x)


model = nn.Sequential(
    nn.Linear(2, 16, bias=False),
    nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    Residual(
        nn.Linear(16, 16, bias=False),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),
    ),
    nn.ReLU(),
    nn.Linear(16, 2),
)


def init_weights(m):
    if isinstance(m, (nn.Linear, nn.Conv2d)):
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")  # N(0, 2 / fan_in), whatever the activation, as NormLab
        if m.bias is not None:
            nn.init.zeros_(m.bias)


model.apply(init_weights)
optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
loss_fn = nn.CrossEntropyLoss()  # softmax cross-entropy on the logits


def evaluate(x, y):
    model.eval()  # BatchNorm normalizes with its running statistics, not the batch
    with torch.no_grad():
        logits = model(x)
        loss = loss_fn(logits, y).item()
        accuracy = (logits.argmax(1) == y).float().mean().item()
    model.train()
    return loss, accuracy


model.train()  # batch statistics while training
order, pos = torch.randperm(len(x_train)), 0
for step in range(1, STEPS + 1):
    if pos + BATCH_SIZE > len(x_train):  # a new epoch, reshuffled
        order, pos = torch.randperm(len(x_train)), 0
    idx = order[pos : pos + BATCH_SIZE]
    pos += BATCH_SIZE
    loss = loss_fn(model(x_train[idx]), y_train[idx])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 50 == 0 or step == STEPS:
        test_loss, test_accuracy = evaluate(x_test, y_test)
        print(f"step {step}: train loss {loss.item():.4f}, test loss {test_loss:.4f}, test accuracy {test_accuracy:.3f}")
