"""Learning-rate schedules, epoch by epoch, from the engine (torch.optim.lr_scheduler's closed forms)."""

from __future__ import annotations

import numpy as np

from dltutor.practice.references import reference, unknown_mistake
from dltutor.sim.schedules import run_schedule


def _run(name: str, lr, epochs, **params):
    return run_schedule(name, float(lr), int(epochs), params).lr[0]


@reference("step-lr", mistakes=("off-by-one", "decays-every-epoch"))
def step_lr(base_lr, step_size, gamma, epochs, mistake=None):
    t = np.arange(epochs)
    if mistake == "off-by-one":
        return base_lr * gamma ** ((t + 1) // step_size)
    if mistake == "decays-every-epoch":
        return base_lr * gamma**t
    if mistake:
        raise unknown_mistake(mistake)
    return _run("step", base_lr, epochs, step_size=step_size, gamma=gamma)


@reference("cosine-annealing", mistakes=("eta-min-missing", "period-off-by-one"))
def cosine_annealing(base_lr, T_max, eta_min, epochs, mistake=None):
    t = np.arange(epochs)
    if mistake == "eta-min-missing":
        return base_lr * (1 + np.cos(np.pi * t / T_max)) / 2
    if mistake == "period-off-by-one":
        return eta_min + (base_lr - eta_min) * (1 + np.cos(np.pi * t / (T_max - 1))) / 2
    if mistake:
        raise unknown_mistake(mistake)
    return _run("cosine", base_lr, epochs, T_max=T_max, eta_min=eta_min)


@reference("warmup-cosine", mistakes=("cosine-not-restarted", "warmup-from-zero"))
def warmup_cosine(base_lr, warmup_iters, start_factor, T_max, eta_min, epochs, mistake=None):
    t = np.arange(epochs, dtype=np.float64)
    warm = base_lr * (start_factor + (1 - start_factor) * t / warmup_iters)
    cos = eta_min + (base_lr - eta_min) * (1 + np.cos(np.pi * (t - warmup_iters) / T_max)) / 2
    if mistake == "cosine-not-restarted":
        return np.where(t < warmup_iters, warm, eta_min + (base_lr - eta_min) * (1 + np.cos(np.pi * t / T_max)) / 2)
    if mistake == "warmup-from-zero":
        return np.where(t < warmup_iters, base_lr * t / warmup_iters, cos)
    if mistake:
        raise unknown_mistake(mistake)
    return _run(
        "warmup-cosine",
        base_lr,
        epochs,
        warmup_iters=warmup_iters,
        start_factor=start_factor,
        T_max=T_max,
        eta_min=eta_min,
    )


def _one_cycle_by_hand(
    max_lr, total_steps, pct_start, div_factor, final_div_factor, *, shift=0.0, floor_from_max=False, linear=False
):
    start = max_lr / div_factor
    floor = (max_lr if floor_from_max else start) / final_div_factor
    up_end, down_end = pct_start * total_steps - 1 + shift, total_steps - 1 + shift
    out = []
    for t in range(total_steps):
        if t <= up_end:
            frac, a, b = t / up_end, start, max_lr
        else:
            frac, a, b = (t - up_end) / (down_end - up_end), max_lr, floor
        out.append((b - a) * frac + a if linear else b + (a - b) / 2 * (np.cos(np.pi * frac) + 1))
    return np.array(out)


@reference("one-cycle", mistakes=("phase-end-off-by-one", "floor-from-max-lr", "linear-anneal"))
def one_cycle(max_lr, total_steps, pct_start, div_factor, final_div_factor, mistake=None):
    args = (max_lr, total_steps, pct_start, div_factor, final_div_factor)
    if mistake == "phase-end-off-by-one":
        return _one_cycle_by_hand(*args, shift=1.0)
    if mistake == "floor-from-max-lr":
        return _one_cycle_by_hand(*args, floor_from_max=True)
    if mistake == "linear-anneal":
        return _one_cycle_by_hand(*args, linear=True)
    if mistake:
        raise unknown_mistake(mistake)
    return _run(
        "one-cycle",
        max_lr,
        total_steps,
        total_steps=total_steps,
        pct_start=pct_start,
        div_factor=div_factor,
        final_div_factor=final_div_factor,
    )
