"""Layer norm (card: layer-norm).

Write torch.nn.functional.layer_norm(x, (D,), weight, bias, eps) for x of shape (N, D);
weight and bias have shape (D,). For each row separately:

    μ = mean of the row        σ² = mean of (x − μ)² (biased)
    y = (x − μ) / √(σ² + ε) · weight + bias

Return y of shape (N, D).
Check it with:  dltutor practice layer-norm   (add --watch to re-check on every save)
"""

import numpy as np


def layer_norm(x, weight, bias, eps):
    raise NotImplementedError
