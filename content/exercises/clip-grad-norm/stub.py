"""Clipping gradients by their global norm (card: gradient-clipping).

Write clip_grad_norm(grads, max_norm) = torch.nn.utils.clip_grad_norm_(params, max_norm)
(2-norm): grads is a list of float64 arrays of any shapes. Return (a list of the clipped arrays,
the total norm before clipping as a float); do not change the inputs.

    total = √(Σ_arrays Σ_elements g²)
    coef  = min(1, max_norm / (total + 1e−6))
    every g ← coef·g

Check it with:  dltutor practice clip-grad-norm   (add --watch to re-check on every save)
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    raise NotImplementedError
