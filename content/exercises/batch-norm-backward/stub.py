"""Batch norm's backward pass (card: batch-norm).

For y = γ·x̂ + β with x̂ = (x − μ)/σ, σ = √(var + ε), μ and var (biased) taken over the batch
axis of x (N, D) in training mode, write batch_norm_backward(x, gamma, eps, grad_out) returning
(∂L/∂x (N, D), ∂L/∂γ (D,), ∂L/∂β (D,)) given grad_out = ∂L/∂y (N, D):

    ∂L/∂γ = Σ_n g·x̂      ∂L/∂β = Σ_n g
    ∂L/∂x = γ/σ · (g − mean_n(g) − x̂·mean_n(g·x̂))

Check it with:  dltutor practice batch-norm-backward   (add --watch to re-check on every save)
"""

import numpy as np


def batch_norm_backward(x, gamma, eps, grad_out):
    raise NotImplementedError
