# NormLab experiment in PyTorch (torch >= 2), generated from the config the in-browser engine trains.
# Data mnist, model mlp, norm batchnorm (before the activation), optimizer momentum, init xavier.
# Same network, hyper-parameters and seed; not the same numbers: NormLab draws its weights, batches
# and (2-D sets) points from its own seeded generator, so curves match in shape, not digit for digit.
# NormLab trains bnMomentum = 0.01, 0.1, 0.99 side by side; this is the run with
# bnMomentum = 0.1 (same seed and data).
import torch
from torch import nn
from torchvision import datasets

SEED = 1
BATCH_SIZE = 60
STEPS = 100
LR = 0.1
MOMENTUM = 0.9
torch.manual_seed(SEED)

# NormLab trains on 8,000 digits and tests on 2,000 (its 10,000 digits, 20 % of each class held out);
# here: the first ones of the standard MNIST train and test sets, pixels / 255 in [0, 1] (not standardized).


def mnist(train, count):
    ds = datasets.MNIST("data", train=train, download=True)
    x = ds.data[:count].float().div(255).unsqueeze(1)  # (N, 1, 28, 28)
    return x, ds.targets[:count]


x_train, y_train = mnist(True, 8000)
x_test, y_test = mnist(False, 2000)

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 100, bias=False),
    nn.BatchNorm1d(100, eps=1e-05, momentum=0.1),
    nn.Sigmoid(),
    nn.Linear(100, 100, bias=False),
    nn.BatchNorm1d(100, eps=1e-05, momentum=0.1),
    nn.Sigmoid(),
    nn.Linear(100, 100, bias=False),
    nn.BatchNorm1d(100, eps=1e-05, momentum=0.1),
    nn.Sigmoid(),
    nn.Linear(100, 10),
)


def init_weights(m):
    if isinstance(m, (nn.Linear, nn.Conv2d)):
        nn.init.xavier_normal_(m.weight)  # N(0, 2 / (fan_in + fan_out))
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
