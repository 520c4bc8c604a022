"""A two-layer MLP, forward and backward (card: dense-layers).

The network is Linear(in, hidden) → ReLU → Linear(hidden, out) with torch's layout: a weight W
has shape (out, in) and a layer computes x·Wᵀ + b. x is (N, in).

    mlp_forward(x, W1, b1, W2, b2) = y = relu(x·W1ᵀ + b1)·W2ᵀ + b2        shape (N, out)

    mlp_backward(x, W1, b1, W2, b2, grad_out): given grad_out = ∂L/∂y (N, out), return
    (dW1, db1, dW2, db2, dx), each shaped like what it is the gradient of.
    ReLU'(z) is 1 for z > 0 and 0 for z ≤ 0, as in torch.

Check it with:  dltutor practice mlp-two-layer   (add --watch to re-check on every save)
"""

import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    raise NotImplementedError


def mlp_backward(x, W1, b1, W2, b2, grad_out):
    raise NotImplementedError
