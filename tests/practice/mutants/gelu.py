import math

import numpy as np


def tanh_approximation(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def half_missing(x):
    return x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def cdf_only(x):
    return 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))
