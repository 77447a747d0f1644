# NormLab experiment in Keras 3 (TensorFlow 2.16+ ships it as tf.keras), generated from the config the in-browser engine trains.
# Data mnist, model cnn, norm batchnorm (before the activation), optimizer adam, init kaiming.
# Same network, hyper-parameters and seed; not the same numbers: NormLab draws its weights, batches
# and (2-D sets) points from its own seeded generator, so curves match in shape, not digit for digit.
import keras
import numpy as np
from keras import layers

SEED = 1
BATCH_SIZE = 32
STEPS = 200
LR = 0.005
keras.utils.set_random_seed(SEED)

# NormLab trains on 8,000 digits and tests on 2,000 (its 10,000 digits, 20 % of each class held out);
# here: the first ones of the standard MNIST train and test sets, pixels / 255 in [0, 1] (not standardized).
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
# (N, 28, 28, 1): Keras is channels-last where PyTorch is (N, 1, 28, 28)
x_train, y_train = (x_train[:8000].astype("float32") / 255)[..., None], y_train[:8000]
x_test, y_test = (x_test[:2000].astype("float32") / 255)[..., None], y_test[:2000]


# He/Kaiming normal, N(0, 2 / fan_in): "he_normal" would be TRUNCATED, NormLab and PyTorch are not.
def init():
    return keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", distribution="untruncated_normal")


model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(8, 3, padding="same", use_bias=False, kernel_initializer=init()),
        # Keras's normalizers default to epsilon 1e-3 (PyTorch 1e-5): NormLab's 1e-05 is set explicitly.
        # BatchNorm momentum: PyTorch's 0.1 weights the NEW batch, Keras's momentum weights the OLD value,
        # so Keras momentum = 1 - 0.1 = 0.9 (Keras's default 0.99 is PyTorch's 0.01).
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(16, 3, padding="same", use_bias=False, kernel_initializer=init()),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-05),
        layers.Activation("relu"),
        layers.MaxPooling2D(2),
        # flattens (H, W, C), PyTorch (C, H, W): the same net, weights not interchangeable
        layers.Flatten(),
        layers.Dense(10, kernel_initializer=init()),
    ]
)
# epsilon: Keras's default is 1e-7, PyTorch's 1e-8 (and Keras adds it to sqrt(v) before bias correction).
optimizer = keras.optimizers.Adam(learning_rate=LR, epsilon=1e-08)
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

# Serving, as in NormLab's serving panel: requests one image at a time (batch size 1).
# Keras has no model.eval(): each call's training= argument is the mode. model(x) and predict() default to
# inference (moving statistics); model(x, training=True) is the eval() bug.
# With training=True, BatchNorm normalizes each request with its own statistics,
# and every request moves the running statistics.
served = np.concatenate(
    [np.argmax(np.asarray(model(x_test[i : i + 1], training=False)), axis=1) for i in range(100)]
)
print(f"served one at a time: {np.mean(served == y_test[:100]):.3f} accuracy")
