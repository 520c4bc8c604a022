import math

import numpy as np


def one_cycle(max_lr, total_steps, pct_start, div_factor, final_div_factor):
    initial = max_lr / div_factor
    minimum = initial / final_div_factor
    e1, e2 = pct_start * total_steps - 1, total_steps - 1
    lrs = []
    for t in range(total_steps):
        if t <= e1:
            f, a, b = t / e1, initial, max_lr
        else:
            f, a, b = (t - e1) / (e2 - e1), max_lr, minimum
        lrs.append(b + (a - b) / 2 * (1 + math.cos(math.pi * f)))
    return np.array(lrs)
