import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))   # every exponent ≤ 0: no overflow
    return e / e.sum(axis=-1, keepdims=True)
