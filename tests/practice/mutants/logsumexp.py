import numpy as np


def no_max_shift(x):
    return np.log(np.exp(x).sum(axis=1))


def max_not_added_back(x):
    m = x.max(axis=1, keepdims=True)
    return np.log(np.exp(x - m).sum(axis=1))
