"""One Adam step, as torch.optim.Adam takes it (card: adam).

Write adam_step. It takes one parameter array θ, its gradient g, Adam's two state arrays
(torch's names: exp_avg = m, exp_avg_sq = v) and the step number t, counted from 1 (t = 1 is
the first step). It returns the new (param, exp_avg, exp_avg_sq); do not change the inputs.

    g ← g + weight_decay·θ                    (Adam's weight decay is added to the gradient)
    m ← β1·m + (1 − β1)·g
    v ← β2·v + (1 − β2)·g²
    m̂ = m / (1 − β1^t)        v̂ = v / (1 − β2^t)
    θ ← θ − lr · m̂ / (√v̂ + ε)

All arrays have the same shape (any shape); betas is (β1, β2). NumPy only.
Check it with:  dltutor practice adam-step   (add --watch to re-check on every save)
"""

import numpy as np


def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay):
    raise NotImplementedError
