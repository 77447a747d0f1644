# NormLab experiment in Keras 3 (TensorFlow 2.16+ ships it as tf.keras), generated from the config the in-browser engine trains.
# Data spiral, model mlp, norm batchnorm (before the activation), optimizer momentum, init kaiming.
# Same network, hyper-parameters and seed; not the same numbers: NormLab draws its weights, batches
# and (2-D sets) points from its own seeded generator, so curves match in shape, not digit for digit.
# NormLab trains residual = none, post, pre side by side; this is the run with
# residual = none (same seed and data).
import keras
import numpy as np
from keras import layers

SEED = 1
BATCH_SIZE = 32
STEPS = 600
LR = 0.05
MOMENTUM = 0.9
keras.utils.set_random_seed(SEED)

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


# He/Kaiming normal, N(0, 2 / fan_in): "he_normal" would be TRUNCATED, NormLab and PyTorch are not.
def init():
    return keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", distribution="untruncated_normal")


model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        # Keras's normalizers default to epsilon 1e-3 (PyTorch 1e-5): NormLab's 1e-05 is set explicitly.
        # BatchNorm momentum: PyTorch's 0.1 weights the NEW batch, Keras's momentum weights the OLD value,
        # so Keras momentum = 1 - 0.1 = 0.9 (Keras's default 0.99 is PyTorch's 0.01).
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(16, use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.Dense(2, kernel_initializer=init()),
    ]
)
optimizer = keras.optimizers.SGD(learning_rate=LR, momentum=MOMENTUM)
model.compile(
    optimizer=optimizer,
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),  # softmax cross-entropy on the logits
    metrics=["accuracy"],
)


def batches():
    rng = np.random.default_rng(SEED)
    while True:  # each epoch reshuffled
        order = rng.permutation(len(x_train))
        for i in range(0, len(order) - BATCH_SIZE + 1, BATCH_SIZE):
            idx = order[i : i + BATCH_SIZE]
            yield x_train[idx], y_train[idx]


# fit() calls the model with training=True (Keras's model.train(): batch statistics, dropout on);
# evaluate() with training=False (model.eval(): BatchNorm normalizes with its running statistics, not the batch).
# Setting trainable = False on a BatchNormalization layer ALSO puts it in inference mode (unlike
# requires_grad_(False) in PyTorch, which leaves it normalizing with batch statistics).
model.fit(batches(), steps_per_epoch=STEPS, epochs=1)
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"step {STEPS}: test loss {test_loss:.4f}, test accuracy {test_accuracy:.3f}")
