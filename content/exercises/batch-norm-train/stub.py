"""Batch norm in training mode, with running statistics (card: batch-norm).

Write one forward pass of torch.nn.BatchNorm1d(D, eps, momentum) in training mode for x of shape
(N, D). gamma, beta, running_mean, running_var have shape (D,). Return
(y, new running_mean, new running_var); do not change the inputs.

    μ = mean of x over the batch        σ² = mean of (x − μ)² (biased: divide by N)
    y = (x − μ) / √(σ² + ε) · γ + β
    running_mean ← (1 − momentum)·running_mean + momentum·μ
    running_var  ← (1 − momentum)·running_var  + momentum·σ²·N/(N − 1)     (unbiased)

Check it with:  dltutor practice batch-norm-train   (add --watch to re-check on every save)
"""

import numpy as np


def batch_norm_train(x, gamma, beta, running_mean, running_var, momentum, eps):
    raise NotImplementedError
