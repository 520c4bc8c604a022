"""Log-sum-exp, stable (card: softmax).

Write logsumexp(x) for x of shape (N, C): for each row, log Σ_j e^(x_j), as torch.logsumexp(x, dim=-1).
Return shape (N,). It must be exact for rows like [1000, 1000] (answer 1000 + log 2).

    logsumexp(x) = m + log Σ_j e^(x_j − m),   m = max_j x_j

Check it with:  dltutor practice logsumexp   (add --watch to re-check on every save)
"""

import numpy as np


def logsumexp(x):
    raise NotImplementedError
