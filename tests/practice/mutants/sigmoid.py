import numpy as np


def exp_ratio(x):
    return np.exp(x) / (1 + np.exp(x))


def grad_of_input(x):
    return x * (1 - x)


def missing_one_minus(x):
    s = 1 / (1 + np.exp(-x))
    return s * s
