"""One AdamW step, with decoupled weight decay (card: adamw).

Write one step of torch.optim.AdamW(lr, betas, eps, weight_decay). step t counts from 1.
Return the new (param, exp_avg, exp_avg_sq); do not change the inputs.

    θ ← θ·(1 − lr·weight_decay)                  decoupled: before the step, gradient untouched
    m ← β1·m + (1 − β1)·g        v ← β2·v + (1 − β2)·g²
    θ ← θ − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)

Check it with:  dltutor practice adamw   (add --watch to re-check on every save)
"""

import numpy as np


def adamw_step(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay):
    raise NotImplementedError
