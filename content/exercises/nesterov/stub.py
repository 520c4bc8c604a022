"""Nesterov momentum, as torch.optim.SGD writes it (card: nesterov).

Write one step of torch.optim.SGD(lr, momentum=μ, nesterov=True, weight_decay) (dampening is 0).
step counts from 1. Return the new (param, momentum_buffer); do not change the inputs.

    g ← g + weight_decay·θ
    buf ← g at step 1, else buf ← μ·buf + g
    θ ← θ − lr·(g + μ·buf)           (the buffer just updated)

Check it with:  dltutor practice nesterov   (add --watch to re-check on every save)
"""

import numpy as np


def nesterov_step(param, grad, momentum_buffer, step, lr, momentum, weight_decay):
    raise NotImplementedError
