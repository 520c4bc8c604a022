"""Sigmoid and its derivative, for any input (card: sigmoid).

Write both functions for a float64 array x of any shape (return an array of the same shape):

    sigmoid(x)      = σ(x) = 1 / (1 + e^(−x))
    sigmoid_grad(x) = σ'(x) = σ(x)·(1 − σ(x))

They must work for x = ±1000 too: no nan, and the exact limits 0 and 1 (NumPy may warn about
an overflow inside; the result is what counts). NumPy only.
Check it with:  dltutor practice sigmoid   (add --watch to re-check on every save)
"""

import numpy as np


def sigmoid(x):
    raise NotImplementedError


def sigmoid_grad(x):
    raise NotImplementedError
