import numpy as np


def _cycle(max_lr, total_steps, pct_start, initial, minimum, e1, e2, cos=True):
    out = []
    for t in range(total_steps):
        f, a, b = (t / e1, initial, max_lr) if t <= e1 else ((t - e1) / (e2 - e1), max_lr, minimum)
        out.append(b + (a - b) / 2 * (1 + np.cos(np.pi * f)) if cos else a + (b - a) * f)
    return np.array(out)


def phase_end_off_by_one(max_lr, total_steps, pct_start, div_factor, final_div_factor):
    initial = max_lr / div_factor
    return _cycle(
        max_lr, total_steps, pct_start, initial, initial / final_div_factor, pct_start * total_steps, total_steps
    )


def floor_from_max_lr(max_lr, total_steps, pct_start, div_factor, final_div_factor):
    return _cycle(
        max_lr,
        total_steps,
        pct_start,
        max_lr / div_factor,
        max_lr / final_div_factor,
        pct_start * total_steps - 1,
        total_steps - 1,
    )


def linear_anneal(max_lr, total_steps, pct_start, div_factor, final_div_factor):
    initial = max_lr / div_factor
    return _cycle(
        max_lr,
        total_steps,
        pct_start,
        initial,
        initial / final_div_factor,
        pct_start * total_steps - 1,
        total_steps - 1,
        cos=False,
    )
