"""One Adagrad step, as torch.optim.Adagrad takes it (card: adagrad).

Write one step of torch.optim.Adagrad(lr, lr_decay, weight_decay, eps). step t counts from 1.
Return the new (param, state_sum); do not change the inputs.

    g ← g + weight_decay·θ
    clr = lr / (1 + (t − 1)·lr_decay)
    sum ← sum + g²
    θ ← θ − clr·g / (√sum + ε)

Check it with:  dltutor practice adagrad   (add --watch to re-check on every save)
"""

import numpy as np


def adagrad_step(param, grad, state_sum, step, lr, lr_decay, eps, weight_decay):
    raise NotImplementedError
