import numpy as np


def one_minus_x_squared(x):
    return 1 - x**2


def square_missing(x):
    return 1 - np.tanh(x)
