# NormLab experiment in Keras 3 (TensorFlow 2.16+ ships it as tf.keras), generated from the config the in-browser engine trains.
# Data moons, model mlp, norm none, optimizer sgd, init kaiming.
# Same network, hyper-parameters and seed; not the same numbers: NormLab draws its weights, batches
# and (2-D sets) points from its own seeded generator, so curves match in shape, not digit for digit.
# NormLab trains norm = none, batchnorm side by side; this is the run with
# norm = none (same seed and data).
# NormLab also sweeps lr over 0.1, 0.2, 0.5, 1, 2, 3, 5, 10 (300 steps each):
# set lr and run again for each point.
import keras
import numpy as np
from keras import layers

SEED = 1
BATCH_SIZE = 32
STEPS = 300
LR = 3
keras.utils.set_random_seed(SEED)

# The moons set, generated like NormLab's (engine/data/toy.ts): 600 points, noise 0.1,
# 20 % held out for test. NormLab samples with its own seeded generator (data seed 7),
# so these are different points of the same distribution unless you port that sampler exactly.
COUNT, NOISE, CLASSES = 600, 0.1, 2
rng = np.random.default_rng(7)


def clean_points(c, n):
    t = np.pi * rng.uniform(size=n)  # scikit-learn make_moons, centred and scaled
    mx = np.cos(t) if c == 0 else 1 - np.cos(t)
    my = np.sin(t) if c == 0 else 0.5 - np.sin(t)
    return 0.65 * np.stack([mx - 0.5, my - 0.25], axis=1)


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
        layers.Dense(16, kernel_initializer=init()),
        layers.Activation("relu"),
        layers.Dense(16, kernel_initializer=init()),
        layers.Activation("relu"),
        layers.Dense(16, kernel_initializer=init()),
        layers.Activation("relu"),
        layers.Dense(16, kernel_initializer=init()),
        layers.Activation("relu"),
        layers.Dense(16, kernel_initializer=init()),
        layers.Activation("relu"),
        layers.Dense(16, kernel_initializer=init()),
        layers.Activation("relu"),
        layers.Dense(2, kernel_initializer=init()),
    ]
)
optimizer = keras.optimizers.SGD(learning_rate=LR)
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
# evaluate() with training=False (model.eval(): no BatchNorm or dropout here, so the mode changes nothing; kept as the habit that matters).
model.fit(batches(), steps_per_epoch=STEPS, epochs=1)
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"step {STEPS}: test loss {test_loss:.4f}, test accuracy {test_accuracy:.3f}")
