"""Inverted dropout, forward and backward (card: inverted-dropout).

torch.nn.functional.dropout in training mode, with the random mask given to you: mask has the
shape of x, 1.0 where a unit is kept (probability 1 − p) and 0.0 where it is dropped.

    dropout_forward(x, p, mask)         = x · mask / (1 − p)
    dropout_backward(grad_out, p, mask) = ∂L/∂x = grad_out · mask / (1 − p)

Return arrays shaped like the input. (p < 1 in every check.)
Check it with:  dltutor practice inverted-dropout   (add --watch to re-check on every save)
"""

import numpy as np


def dropout_forward(x, p, mask):
    raise NotImplementedError


def dropout_backward(grad_out, p, mask):
    raise NotImplementedError
