"""Cosine annealing (card: cosine-annealing).

Write cosine_annealing(base_lr, T_max, eta_min, epochs): the learning rate of
torch.optim.lr_scheduler.CosineAnnealingLR (its closed form) at t = 0, 1, …, epochs − 1, as a
float64 array:

    lr(t) = η_min + (base_lr − η_min) · (1 + cos(π·t / T_max)) / 2

Check it with:  dltutor practice cosine-annealing   (add --watch to re-check on every save)
"""

import numpy as np


def cosine_annealing(base_lr, T_max, eta_min, epochs):
    raise NotImplementedError
