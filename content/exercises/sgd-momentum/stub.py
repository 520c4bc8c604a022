"""SGD with momentum, as torch.optim.SGD writes it (card: momentum).

Write one step of torch.optim.SGD(lr, momentum=μ, dampening, weight_decay). step counts from 1.
Return the new (param, momentum_buffer); do not change the inputs.

    g ← g + weight_decay·θ
    buf ← g                                  at step 1 (the buffer passed in is ignored)
    buf ← μ·buf + (1 − dampening)·g          from step 2 on
    θ ← θ − lr·buf

All arrays share one shape. NumPy only.
Check it with:  dltutor practice sgd-momentum   (add --watch to re-check on every save)
"""

import numpy as np


def sgd_momentum_step(param, grad, momentum_buffer, step, lr, momentum, dampening, weight_decay):
    raise NotImplementedError
