"""One RMSprop step, as torch.optim.RMSprop takes it (card: rmsprop).

Write one step of torch.optim.RMSprop(lr, alpha, eps, weight_decay) (no momentum, not centered).
Return the new (param, square_avg); do not change the inputs.

    g ← g + weight_decay·θ
    square_avg ← α·square_avg + (1 − α)·g²
    θ ← θ − lr·g / (√square_avg + ε)

Check it with:  dltutor practice rmsprop   (add --watch to re-check on every save)
"""

import numpy as np


def rmsprop_step(param, grad, square_avg, lr, alpha, eps, weight_decay):
    raise NotImplementedError
