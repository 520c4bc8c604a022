"""Cross-entropy from logits (card: cross-entropy).

Write cross_entropy(logits, target) = torch.nn.functional.cross_entropy(logits, target):
logits (N, C) float64, target (N,) int64 class indices in 0 … C−1. Return one float, the mean
over the N rows of

    −log softmax(z)[target] = −(z[target] − m − log Σ_j e^(z_j − m)),   m = max_j z_j

It must stay finite when the target's logit is 800 below another (loss ≈ 800, not inf).
Check it with:  dltutor practice cross-entropy   (add --watch to re-check on every save)
"""

import numpy as np


def cross_entropy(logits, target):
    raise NotImplementedError
