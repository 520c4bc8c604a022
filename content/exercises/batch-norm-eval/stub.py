"""Batch norm in evaluation mode (card: batch-norm).

Write the forward pass of torch.nn.BatchNorm1d in evaluation mode (model.eval()) for x of shape
(N, D); gamma, beta, running_mean, running_var have shape (D,). Return y of shape (N, D):

    y = (x − running_mean) / √(running_var + ε) · γ + β

Check it with:  dltutor practice batch-norm-eval   (add --watch to re-check on every save)
"""

import numpy as np


def batch_norm_eval(x, gamma, beta, running_mean, running_var, eps):
    raise NotImplementedError
