"""Cross-entropy with label smoothing, as torch spreads it (card: label-smoothing).

Write smoothed_cross_entropy(logits, target, smoothing) =
torch.nn.functional.cross_entropy(logits, target, label_smoothing=ε): logits (N, C), target (N,)
int64. With log p = log-softmax of each row, the loss of a row is

    (1 − ε)·(−log p[target]) + ε·(1/C)·Σ_c (−log p[c])

and the result is the mean over rows (a float). Keep it finite for logits of ±900.
Check it with:  dltutor practice label-smoothing   (add --watch to re-check on every save)
"""

import numpy as np


def smoothed_cross_entropy(logits, target, smoothing):
    raise NotImplementedError
