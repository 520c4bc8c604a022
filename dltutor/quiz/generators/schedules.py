"""Learning-rate schedules: the lr in force during epoch t, computed by dltutor.sim.schedules.

lr[t] is what optimizer.param_groups[0]["lr"] holds after building the scheduler and calling
scheduler.step() t times, exactly as run_schedule defines it; epochs count from 0.
"""

from __future__ import annotations

import math

from dltutor.sim.params import INTS, Param, nonneg, positive
from dltutor.sim.schedules import run_schedule

from ._base import (
    SIG4,
    WHOLE,
    Generator,
    ParamError,
    counted,
    draw_float,
    draw_int,
    fixed,
    fmt,
    integer,
    numeric,
    ordinal,
    pick,
    show,
)

LRS = (0.1, 0.05, 0.01, 0.5, 1.0, 0.001, 0.2, 0.003)


def lr_at(name: str, lr: float, t: int, params: dict) -> float:
    """The lr during epoch t (after t scheduler.step() calls), from the engine."""
    return float(run_schedule(name, lr, t + 1, params).lr[0, t])


def _when(t: int) -> str:
    return (
        f"What is the learning rate during epoch {t} (after {counted(t, 'call')} to scheduler.step(); "
        f"epochs count from 0)?"
    )


def _base_lr(rng, params):
    return fixed(params, "lr", lambda: pick(rng, LRS))


def _epoch(rng, params, low, high):
    """t drawn from [low, high] unless fixed."""
    return fixed(params, "t", lambda: int(rng.integers(low, high + 1)), int)


# --------------------------------------------------------------------------- step decay


def _steplr(rng, params):
    lr = _base_lr(rng, params)
    size = fixed(params, "step_size", lambda: pick(rng, (5, 10, 20, 30)), int)
    gamma = fixed(params, "gamma", lambda: pick(rng, (0.1, 0.5, 0.2)))
    t = _epoch(rng, params, size, 4 * size - 1)  # past the first decay: before it the answer is the base lr
    value = lr_at("step", lr, t, {"step_size": size, "gamma": gamma})
    k = t // size
    return numeric(
        f"StepLR(optimizer, step_size={size}, gamma={fmt(gamma)}) with a base lr of {fmt(lr)}. {_when(t)} "
        f"Give it {SIG4}.",
        value,
        f"StepLR multiplies the lr by γ once every step_size epochs:\n"
        f"  lr·γ^⌊t/step_size⌋ = {fmt(lr)} × {fmt(gamma)}^⌊{t}/{size}⌋ = {fmt(lr)} × {fmt(gamma)}^{k} = {show(value)}",
        {"lr": lr, "step_size": size, "gamma": gamma, "t": t},
    )


def _multisteplr(rng, params):
    lr = _base_lr(rng, params)
    gamma = fixed(params, "gamma", lambda: pick(rng, (0.1, 0.5, 0.2)))
    if params.get("milestones") is None:
        k = int(rng.integers(2, 4))
        milestones = sorted(
            int(m) for m in rng.choice((20, 30, 50, 60, 80, 90, 100, 120, 150, 160, 180), size=k, replace=False)
        )
    else:
        milestones = [int(m) for m in params["milestones"]]
        if not milestones or any(b <= a for a, b in zip(milestones, milestones[1:])):
            raise ParamError("milestones", "must be a non-empty, strictly increasing list")
    t = _epoch(rng, params, milestones[0], milestones[-1] + 30)  # at least one milestone reached
    value = lr_at("multistep", lr, t, {"milestones": milestones, "gamma": gamma})
    passed = sum(m <= t for m in milestones)
    shown = "[" + ", ".join(str(m) for m in milestones) + "]"
    return numeric(
        f"MultiStepLR(optimizer, milestones={shown}, gamma={fmt(gamma)}) with a base lr of {fmt(lr)}. "
        f"{_when(t)} Give it {SIG4}.",
        value,
        f"The lr is multiplied by γ at each milestone reached (milestone ≤ t). At t = {t}, {passed} of "
        f"{len(milestones)} have been reached:\n  lr·γ^{passed} = {fmt(lr)} × {fmt(gamma)}^{passed} = {show(value)}",
        {"lr": lr, "milestones": milestones, "gamma": gamma, "t": t},
    )


# --------------------------------------------------------------------------- exponential and 1/t


def _exponentiallr(rng, params):
    lr = _base_lr(rng, params)
    gamma = fixed(params, "gamma", lambda: pick(rng, (0.5, 0.8, 0.9, 0.95, 0.96, 0.98, 0.99)))
    t = _epoch(rng, params, 1, 30)
    value = lr_at("exponential", lr, t, {"gamma": gamma})
    return numeric(
        f"ExponentialLR(optimizer, gamma={fmt(gamma)}) with a base lr of {fmt(lr)}. {_when(t)} Give it {SIG4}.",
        value,
        f"ExponentialLR multiplies the lr by γ after every epoch:\n"
        f"  lr·γ^t = {fmt(lr)} × {fmt(gamma)}^{t} = {fmt(lr)} × {show(gamma**t)} = {show(value)}",
        {"lr": lr, "gamma": gamma, "t": t},
    )


def _inverse_time(rng, params):
    lr = _base_lr(rng, params)
    k = fixed(params, "k", lambda: pick(rng, (0.01, 0.05, 0.1, 0.2, 0.5, 1.0)))
    t = _epoch(rng, params, 1, 50)
    value = lr_at("inverse-time", lr, t, {"k": k})
    return numeric(
        f"Inverse-time (1/t) decay with a base lr of {fmt(lr)} and k = {fmt(k)}, i.e. "
        f"LambdaLR(optimizer, lambda t: 1 / (1 + {fmt(k)} * t)). {_when(t)} Give it {SIG4}.",
        value,
        f"lr/(1 + k·t) = {fmt(lr)}/(1 + {fmt(k)} × {t}) = {fmt(lr)}/{show(1 + k * t)} = {show(value)}\n"
        f"The lr has halved once k·t = 1, at t = {show(1 / k)}.",
        {"lr": lr, "k": k, "t": t},
    )


# --------------------------------------------------------------------------- cosine annealing


def _eta_min(rng, params, lr):
    return fixed(params, "eta_min", lambda: pick(rng, [e for e in (0.0, 0.0, 1e-4, 1e-3) if e < lr]))


def _cosine(rng, params):
    lr = _base_lr(rng, params)
    eta_min = _eta_min(rng, params, lr)
    T = fixed(params, "T_max", lambda: pick(rng, (10, 20, 50, 100, 200)), int)
    t = _epoch(rng, params, 1, max(T - 1, 1))
    value = lr_at("cosine", lr, t, {"T_max": T, "eta_min": eta_min})
    c = math.cos(math.pi * t / T)
    return numeric(
        f"CosineAnnealingLR(optimizer, T_max={T}, eta_min={fmt(eta_min)}) with a base lr of {fmt(lr)}. "
        f"{_when(t)} Give it {SIG4} (angles in radians).",
        value,
        f"η_t = η_min + (η_max − η_min)·(1 + cos(π·t/T_max))/2\n"
        f"    = {fmt(eta_min)} + ({fmt(lr)} − {fmt(eta_min)}) × (1 + cos(π × {t}/{T}))/2\n"
        f"    = {fmt(eta_min)} + {show(lr - eta_min)} × (1 + {show(c)})/2 = {show(value)}",
        {"lr": lr, "T_max": T, "eta_min": eta_min, "t": t},
    )


def _sgdr_cycle(t, T_0, T_mult):
    """(T_cur, T_i, index of the cycle, its first epoch) for epoch t."""
    start, length, i = 0, T_0, 0
    while t >= start + length:
        start, length, i = start + length, length * T_mult, i + 1
    return t - start, length, i, start


def _sgdr_lr(rng, params):
    lr = _base_lr(rng, params)
    eta_min = _eta_min(rng, params, lr)
    T_0 = fixed(params, "T_0", lambda: pick(rng, (5, 10, 20)), int)
    T_mult = fixed(params, "T_mult", lambda: pick(rng, (1, 2)), int)
    span = T_0 * (1 + T_mult + T_mult**2)  # three cycles
    # After the first restart and not on a restart (where the answer is the base lr): the learner
    # has to find the cycle first, then where in it epoch t lies.
    t = fixed(params, "t", lambda: _later_epoch(rng, T_0, T_mult, span), int)
    value = lr_at("cosine-restarts", lr, t, {"T_0": T_0, "T_mult": T_mult, "eta_min": eta_min})
    T_cur, T_i, i, start = _sgdr_cycle(t, T_0, T_mult)
    return numeric(
        f"CosineAnnealingWarmRestarts(optimizer, T_0={T_0}, T_mult={T_mult}, eta_min={fmt(eta_min)}) with a "
        f"base lr of {fmt(lr)}, stepped once per epoch. {_when(t)} Give it {SIG4} (angles in radians).",
        value,
        f"Cycle lengths are T_0·T_mult^i = {', '.join(str(T_0 * T_mult**j) for j in range(i + 2))}, ... "
        f"Epoch {t} lies in cycle {i} (from epoch {start}, length T_i = {T_i}), so T_cur = {t} − {start} = {T_cur}.\n"
        f"η = η_min + (η_max − η_min)·(1 + cos(π·T_cur/T_i))/2 = {fmt(eta_min)} + {show(lr - eta_min)} × "
        f"(1 + cos(π × {T_cur}/{T_i}))/2 = {show(value)}",
        {"lr": lr, "T_0": T_0, "T_mult": T_mult, "eta_min": eta_min, "t": t},
    )


def _later_epoch(rng, T_0: int, T_mult: int, span: int) -> int:
    """An epoch in the second or third cycle that is not a restart."""
    while True:
        t = int(rng.integers(T_0 + 1, span))
        if _sgdr_cycle(t, T_0, T_mult)[0] != 0:
            return t


def _sgdr_restart_epoch(rng, params):
    T_0 = fixed(params, "T_0", lambda: pick(rng, (5, 10, 20, 50)), int)
    T_mult = fixed(params, "T_mult", lambda: pick(rng, (1, 2, 3)), int)
    k = fixed(params, "k", lambda: int(rng.integers(2, 5)), int)  # the first restart is just T_0
    lengths = [T_0 * T_mult**j for j in range(k)]
    epoch = sum(lengths)
    closed = (
        f"k·T_0 = {k} × {T_0}"
        if T_mult == 1
        else f"T_0·(T_mult^k − 1)/(T_mult − 1) = {T_0} × ({T_mult}^{k} − 1)/({T_mult} − 1)"
    )
    return integer(
        f"CosineAnnealingWarmRestarts(optimizer, T_0={T_0}, T_mult={T_mult}) is stepped once per epoch, "
        f"epochs counted from 0. At which epoch does the lr jump back to its starting value for the "
        f"{ordinal(k)} time (restart number {k})? Give {WHOLE}.",
        epoch,
        f"The cycles last {', '.join(str(n) for n in lengths)} epochs (each T_mult times the one before), so "
        f"restart {k} comes after all of them: {' + '.join(str(n) for n in lengths)} = {epoch}; "
        f"in closed form {closed} = {epoch}.",
        {"T_0": T_0, "T_mult": T_mult, "k": k},
    )


# --------------------------------------------------------------------------- one-cycle


def _one_cycle_setup(rng, params):
    top = fixed(params, "max_lr", lambda: pick(rng, (0.1, 0.01, 0.5, 1.0, 0.003, 0.05)))
    div = fixed(params, "div_factor", lambda: pick(rng, (25.0, 10.0, 20.0, 5.0)))
    final = fixed(params, "final_div_factor", lambda: pick(rng, (1e4, 1e3, 100.0)))
    total = fixed(params, "total_steps", lambda: pick(rng, (100, 200, 500, 1000)), int)
    if total < 10:
        raise ParamError("total_steps", "must be at least 10 (the warm-up needs more than one step)")
    return top, div, final, total


def _one_cycle_call(top, div, final, total):
    return (
        f"OneCycleLR(optimizer, max_lr={fmt(top)}, total_steps={total}, div_factor={fmt(div)}, "
        f"final_div_factor={fmt(final)}), stepped once per batch"
    )


def _onecycle_start_lr(rng, params):
    top, div, final, total = _one_cycle_setup(rng, params)
    value = lr_at("one-cycle", top, 0, {"total_steps": total, "div_factor": div, "final_div_factor": final})
    return numeric(
        f"{_one_cycle_call(top, div, final, total)}. What learning rate does the first batch use? Give it {SIG4}.",
        value,
        f"One-cycle starts at initial_lr = max_lr/div_factor = {fmt(top)}/{fmt(div)} = {show(value)}, warms up "
        f"to max_lr over the first pct_start = 30% of the steps, then anneals below the start.",
        {"max_lr": top, "total_steps": total, "div_factor": div, "final_div_factor": final},
    )


def _onecycle_final_lr(rng, params):
    top, div, final, total = _one_cycle_setup(rng, params)
    value = float(
        run_schedule("one-cycle", top, total, {"total_steps": total, "div_factor": div, "final_div_factor": final}).lr[
            0, -1
        ]
    )
    start = top / div
    return numeric(
        f"{_one_cycle_call(top, div, final, total)}. What learning rate does the last batch (step "
        f"{total - 1}) use? Give it {SIG4}.",
        value,
        f"initial_lr = max_lr/div_factor = {fmt(top)}/{fmt(div)} = {show(start)}\n"
        f"min_lr = initial_lr/final_div_factor = {show(start)}/{fmt(final)} = {show(value)}: the last step "
        f"ends the annealing there, far below where the cycle started.",
        {"max_lr": top, "total_steps": total, "div_factor": div, "final_div_factor": final},
    )


# --------------------------------------------------------------------------- warm-up and linear/polynomial


def _warmup_lr(rng, params):
    lr = _base_lr(rng, params)
    s = fixed(params, "start_factor", lambda: pick(rng, (0.1, 0.2, 0.25, 0.5, 0.01)))
    w = fixed(params, "total_iters", lambda: pick(rng, (4, 5, 10, 20, 100)), int)
    t = _epoch(rng, params, 1, max(w - 1, 1))  # inside the warm-up: at its end the answer is the base lr
    value = lr_at("linear", lr, t, {"start_factor": s, "end_factor": 1.0, "total_iters": w})
    factor = s + (1.0 - s) * min(t, w) / w
    return numeric(
        f"Linear warm-up: LinearLR(optimizer, start_factor={fmt(s)}, end_factor=1.0, total_iters={w}) with a "
        f"base lr of {fmt(lr)}. {_when(t)} Give it {SIG4}.",
        value,
        f"The multiplier climbs in a straight line from start_factor to 1 over total_iters steps, then stays:\n"
        f"  factor = s + (1 − s)·min(t, T)/T = {fmt(s)} + {show(1.0 - s)} × {min(t, w)}/{w} = {show(factor)}\n"
        f"  lr = {fmt(lr)} × {show(factor)} = {show(value)}",
        {"lr": lr, "start_factor": s, "total_iters": w, "t": t},
    )


def _linear_decay_lr(rng, params):
    lr = _base_lr(rng, params)
    e = fixed(params, "end_factor", lambda: pick(rng, (0.1, 0.01, 0.5, 0.2, 0.05)))
    T = fixed(params, "total_iters", lambda: pick(rng, (5, 10, 20, 50, 100)), int)
    t = _epoch(rng, params, 1, max(T - 1, 1))  # inside the decay: from T on the answer is just lr·end_factor
    value = lr_at("linear", lr, t, {"start_factor": 1.0, "end_factor": e, "total_iters": T})
    factor = 1.0 + (e - 1.0) * min(t, T) / T
    if value == 0.0:
        raise ParamError("end_factor", "must be > 0 when t reaches total_iters (the answer would be 0)")
    return numeric(
        f"Linear decay: LinearLR(optimizer, start_factor=1.0, end_factor={fmt(e)}, total_iters={T}) with a "
        f"base lr of {fmt(lr)}. {_when(t)} Give it {SIG4}.",
        value,
        f"factor = s + (e − s)·min(t, T)/T = 1 + ({fmt(e)} − 1) × {min(t, T)}/{T} = {show(factor)}\n"
        f"lr = {fmt(lr)} × {show(factor)} = {show(value)}" + ("  (it stays there from epoch T on)" if t >= T else ""),
        {"lr": lr, "end_factor": e, "total_iters": T, "t": t},
    )


def _polynomial_lr(rng, params):
    lr = _base_lr(rng, params)
    T = fixed(params, "total_iters", lambda: pick(rng, (5, 10, 20, 50, 100)), int)
    power = fixed(params, "power", lambda: pick(rng, (1.0, 2.0, 0.5, 0.9, 3.0)))
    t = _epoch(rng, params, 1, T - 1)
    if t >= T:
        raise ParamError("t", f"must be below total_iters ({T}); from there on the lr is 0")
    value = lr_at("polynomial", lr, t, {"total_iters": T, "power": power})
    return numeric(
        f"PolynomialLR(optimizer, total_iters={T}, power={fmt(power)}) with a base lr of {fmt(lr)}. {_when(t)} "
        f"Give it {SIG4}.",
        value,
        f"lr·(1 − min(t, T)/T)^power = {fmt(lr)} × (1 − {t}/{T})^{fmt(power)} = {fmt(lr)} × "
        f"{show(1 - t / T)}^{fmt(power)} = {show(value)}",
        {"lr": lr, "total_iters": T, "power": power, "t": t},
    )


# --------------------------------------------------------------------------- the registry

_LR = {"lr": positive(None, "base learning rate"), "t": draw_int("epoch asked about", 0, 100_000)}
_GAMMA = {"gamma": positive(None, "decay factor γ")}
_ETA = {"eta_min": nonneg(None, "the lowest lr of the cosine")}
_ONE_CYCLE = {
    "max_lr": positive(None, "peak lr"),
    "div_factor": positive(None, "initial_lr = max_lr/div_factor"),
    "final_div_factor": positive(None, "min_lr = initial_lr/final_div_factor"),
    "total_steps": draw_int("length of the cycle in steps", 10, 100_000),
}

GENERATORS = [
    Generator(
        "steplr_lr",
        "step-decay",
        "StepLR: lr at epoch t",
        {**_LR, **_GAMMA, "step_size": draw_int("epochs between decays", 1)},
        _steplr,
    ),
    Generator(
        "multisteplr_lr",
        "step-decay",
        "MultiStepLR: lr at epoch t",
        {**_LR, **_GAMMA, "milestones": Param(None, INTS, low=1, doc="epochs where the lr drops")},
        _multisteplr,
    ),
    Generator(
        "exponentiallr_lr",
        "exponential-and-inverse-time-decay",
        "ExponentialLR: lr at epoch t",
        {**_LR, **_GAMMA},
        _exponentiallr,
    ),
    Generator(
        "inverse_time_lr",
        "exponential-and-inverse-time-decay",
        "1/t decay: lr at epoch t",
        {**_LR, "k": nonneg(None, "decay rate k")},
        _inverse_time,
    ),
    Generator(
        "cosine_lr",
        "cosine-annealing",
        "CosineAnnealingLR: lr at epoch t",
        {**_LR, **_ETA, "T_max": draw_int("half-period in epochs", 1)},
        _cosine,
    ),
    Generator(
        "sgdr_lr",
        "cosine-warm-restarts",
        "SGDR: lr at epoch t",
        {
            **_LR,
            **_ETA,
            "T_0": draw_int("first cycle length", 1, 1000),
            "T_mult": draw_int("cycle growth factor", 1, 4),
        },
        _sgdr_lr,
    ),
    Generator(
        "sgdr_restart_epoch",
        "cosine-warm-restarts",
        "SGDR: epoch of the k-th restart",
        {
            "T_0": draw_int("first cycle length", 1, 1000),
            "T_mult": draw_int("cycle growth factor", 1, 4),
            "k": draw_int("which restart", 1, 10),
        },
        _sgdr_restart_epoch,
    ),
    Generator("onecycle_start_lr", "one-cycle", "OneCycleLR: starting lr", _ONE_CYCLE, _onecycle_start_lr),
    Generator("onecycle_final_lr", "one-cycle", "OneCycleLR: final lr", _ONE_CYCLE, _onecycle_final_lr),
    Generator(
        "warmup_lr",
        "lr-warmup",
        "Linear warm-up: lr at step t",
        {
            **_LR,
            "start_factor": draw_float("multiplier at step 0", 0.0, 1.0, low_open=True),
            "total_iters": draw_int("warm-up steps", 1),
        },
        _warmup_lr,
    ),
    Generator(
        "linear_decay_lr",
        "polynomial-and-linear-decay",
        "LinearLR decay: lr at epoch t",
        {**_LR, "end_factor": draw_float("final multiplier", 0.0, 1.0), "total_iters": draw_int("epochs of decay", 1)},
        _linear_decay_lr,
    ),
    Generator(
        "polynomial_lr",
        "polynomial-and-linear-decay",
        "PolynomialLR: lr at epoch t",
        {
            **_LR,
            "total_iters": draw_int("epochs until the lr reaches 0", 2),
            "power": nonneg(None, "shape of the decay"),
        },
        _polynomial_lr,
    ),
]
