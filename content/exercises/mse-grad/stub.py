"""Mean squared error and its gradient (card: mse).

Write mse(pred, target) for two float64 arrays of the same shape (any shape). Return a pair:

    loss = (1/n)·Σ (pred − target)²        a float; n = pred.size (F.mse_loss, reduction='mean')
    grad = ∂loss/∂pred = (2/n)·(pred − target)     an array shaped like pred

Check it with:  dltutor practice mse-grad   (add --watch to re-check on every save)
"""

import numpy as np


def mse(pred, target):
    raise NotImplementedError
