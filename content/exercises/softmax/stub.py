"""Softmax that does not overflow (card: softmax).

Write softmax(z) for logits z of shape (N, C): along the last axis,

    softmax(z)_i = e^(z_i − max z) / Σ_j e^(z_j − max z)

Return an (N, C) array whose rows sum to 1. It must work for logits of ±1000.
Check it with:  dltutor practice softmax   (add --watch to re-check on every save)
"""

import numpy as np


def softmax(z):
    raise NotImplementedError
