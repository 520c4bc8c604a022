"""The one-cycle schedule, as OneCycleLR steps it (card: one-cycle).

Write one_cycle(max_lr, total_steps, pct_start, div_factor, final_div_factor): the learning rate of
torch.optim.lr_scheduler.OneCycleLR (anneal_strategy='cos', three_phase=False) at steps
t = 0, …, total_steps − 1, as a float64 array.

    initial = max_lr / div_factor          min = initial / final_div_factor
    phase 1: steps 0 … e1 = pct_start·total_steps − 1, from initial up to max_lr
    phase 2: steps e1 … e2 = total_steps − 1, from max_lr down to min
    within a phase from a to b, f = (t − start) / (end − start):  lr = b + (a − b)/2·(1 + cos(π·f))

A step t ≤ e1 belongs to phase 1 (start 0); later steps to phase 2 (start e1).
Check it with:  dltutor practice one-cycle   (add --watch to re-check on every save)
"""

import numpy as np


def one_cycle(max_lr, total_steps, pct_start, div_factor, final_div_factor):
    raise NotImplementedError
