"""Exact GELU and its derivative (card: gelu).

Write, for a float64 array x of any shape (return the same shape):

    gelu(x)      = x·Φ(x),  Φ(x) = ½·(1 + erf(x/√2))     torch.nn.functional.gelu, approximate='none'
    gelu_grad(x) = Φ(x) + x·φ(x),  φ(x) = e^(−x²/2) / √(2π)

NumPy has no erf: math.erf takes one float (np.vectorize(math.erf) maps it over an array).
Check it with:  dltutor practice gelu   (add --watch to re-check on every save)
"""

import math

import numpy as np


def gelu(x):
    raise NotImplementedError


def gelu_grad(x):
    raise NotImplementedError
