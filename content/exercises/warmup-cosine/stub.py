"""Linear warm-up, then cosine (card: lr-warmup).

Write warmup_cosine(base_lr, warmup_iters, start_factor, T_max, eta_min, epochs): the learning rate at
t = 0, 1, …, epochs − 1 (a float64 array) of

    SequentialLR([LinearLR(start_factor, 1.0, total_iters=W), CosineAnnealingLR(T_max, eta_min)],
                 milestones=[W])                                   with W = warmup_iters:

    t < W:   lr = base_lr · (s + (1 − s)·t / W)
    t ≥ W:   lr = η_min + (base_lr − η_min) · (1 + cos(π·(t − W) / T_max)) / 2

Check it with:  dltutor practice warmup-cosine   (add --watch to re-check on every save)
"""

import numpy as np


def warmup_cosine(base_lr, warmup_iters, start_factor, T_max, eta_min, epochs):
    raise NotImplementedError
