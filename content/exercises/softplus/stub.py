"""Softplus that neither overflows nor underflows (card: softplus-and-hard-activations).

torch.nn.functional.softplus(x, beta, threshold), for a float64 array x of any shape:

    softplus(x)      = log(1 + e^(βx)) / β,   but x itself where βx > threshold
    softplus_grad(x) = σ(βx) = e^(βx) / (1 + e^(βx)),   but 1 where βx > threshold

Both must give finite, accurate values for x = −700 … 1000 (softplus(−40) ≈ 4.25e−18, not 0).
Check it with:  dltutor practice softplus   (add --watch to re-check on every save)
"""

import numpy as np


def softplus(x, beta, threshold):
    raise NotImplementedError


def softplus_grad(x, beta, threshold):
    raise NotImplementedError
