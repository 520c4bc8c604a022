import numpy as np


def sigmoid(x):
    with np.errstate(over="ignore"):      # e^(−x) = inf for x ≪ 0, and 1/(1 + inf) = 0 is right
        return 1.0 / (1.0 + np.exp(-x))


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1.0 - s)
