"""Learning-rate schedules, matching ``torch.optim.lr_scheduler`` value for value.

``lr[:, t]`` is the learning rate in force during epoch t: what ``optimizer.param_groups[0]["lr"]``
holds after building the scheduler and calling ``scheduler.step()`` t times (for ReduceLROnPlateau,
``step(metric[t - 1])`` t times). Names, defaults and update rules are PyTorch's, so a schedule seen
here can be typed into real code unchanged; the few knobs torch lacks are marked "(ours)".

Every schedule is vectorised over N rows: the base lr and each numeric hyperparameter may be a
scalar or one value per row, so a plot can compare settings side by side. Torch updates most
schedulers recursively (``lr *= factor``); the closed forms used here are the same functions up to
rounding: they agree with the committed torch goldens (tests/goldens/schedules.json) to ~2e-14.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from dltutor.sim.params import BOOL, CHOICE, FLOAT, INT, INTS, Param, ParamError, fill, nonneg, per_row, positive


@dataclass(frozen=True)
class Schedule:
    """One schedule: its names here and in torch, what it does, and its knobs."""

    name: str  # "cosine-restarts"
    title: str  # "Cosine annealing with warm restarts (SGDR)"
    torch: str  # "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts", or "" if none
    params: dict[str, Param]
    summary: str = ""  # one line: the rule in words
    fn: Callable[..., Any] = field(default=None, repr=False, compare=False)
    # fills in the defaults that depend on the run (T_max = epochs, ...): (params, lr, epochs) -> None
    run_defaults: Callable[[dict[str, Any], np.ndarray, int], None] | None = field(default=None, compare=False)


@dataclass
class ScheduleResult:
    name: str
    params: dict[str, Any]  # every hyperparameter used (same keys as Schedule.params), None defaults resolved
    lr: np.ndarray  # (N, epochs)
    extras: dict[str, np.ndarray] = field(default_factory=dict)  # plateau: loss, metric, reduced


# --------------------------------------------------------------------------- schedules
# Each function gets the base lr as an (N, 1) column, t = epoch indices as a (1, E) row, a
# `col(name)` helper returning a hyperparameter as an (N, 1) column, the filled-in params and the
# seed of the run (only plateau's noisy loss draws from it). It returns the (N, E) lr array
# (plateau also returns its extras).


def _constant(lr, t, col, p, seed):
    return lr + 0.0 * t


def _step(lr, t, col, p, seed):
    return lr * col("gamma") ** np.floor_divide(t, col("step_size"))


def _multistep(lr, t, col, p, seed):
    # milestones: a shared list (k,) or one list per row (N, k); count the ones already passed
    m = np.asarray(p["milestones"], dtype=np.float64)
    m = m if m.ndim == 2 else m.reshape(1, -1)
    passed = (m[:, None, :] <= t[:, :, None]).sum(axis=-1)
    return lr * col("gamma") ** passed


def _exponential(lr, t, col, p, seed):
    return lr * col("gamma") ** t


def _inverse_time(lr, t, col, p, seed):
    return lr * (1.0 / (1.0 + col("k") * t))  # LambdaLR: base_lr * lambda(t)


def _polynomial(lr, t, col, p, seed):
    total = col("total_iters")
    return lr * (1.0 - np.minimum(total, t) / total) ** col("power")


def _linear(lr, t, col, p, seed):
    s, e, total = col("start_factor"), col("end_factor"), col("total_iters")
    return lr * (s + (e - s) * np.minimum(total, t) / total)


def _cosine_at(lr, t, T_max, eta_min):
    """CosineAnnealingLR's closed form; periodic past T_max (it climbs back up), as torch's is."""
    return eta_min + (lr - eta_min) * (1.0 + np.cos(np.pi * t / T_max)) / 2.0


def _cosine(lr, t, col, p, seed):
    return _cosine_at(lr, t, col("T_max"), col("eta_min"))


def _cosine_restarts(lr, t, col, p, seed):
    T_0, T_mult, eta_min = col("T_0"), col("T_mult"), col("eta_min")
    # T_cur: epochs since the last restart; T_i: length of the current cycle
    T_cur, T_i = np.mod(t, T_0), T_0 + 0.0 * t
    growing = T_mult > 1
    if growing.any():  # cycles of length T_0 * T_mult**i: walk them, at most log2(epochs) of them
        start, length = np.zeros_like(T_0), T_0.copy()
        while True:
            inside = growing & (t >= start) & (t < start + length)
            T_cur, T_i = np.where(inside, t - start, T_cur), np.where(inside, length, T_i)
            start, length = start + length, length * T_mult
            if np.all(~growing | (start > t[0, -1])):
                break
    return eta_min + (lr - eta_min) * (1.0 + np.cos(np.pi * T_cur / T_i)) / 2.0


def _cyclic(lr, t, col, p, seed):
    base, top = lr, col("max_lr")
    up, down = col("step_size_up"), col("step_size_down")
    total = up + down
    ratio = up / total
    cycle = np.floor(1.0 + t / total)
    x = 1.0 + t / total - cycle  # position inside the cycle, 0..1
    falling = (x - 1.0) / np.where(ratio == 1.0, 1.0, ratio - 1.0)  # step_size_down=0: never used
    scale = np.where(x <= ratio, x / ratio, falling)
    if p["mode"] == "triangular":
        amplitude = 1.0
    elif p["mode"] == "triangular2":
        amplitude = 1.0 / (2.0 ** (cycle - 1.0))  # halves every cycle
    else:  # exp_range: gamma ** (iterations so far)
        amplitude = col("gamma") ** t
    return base + (top - base) * scale * amplitude


def _one_cycle(lr, t, col, p, seed):
    top = lr
    start_lr = top / col("div_factor")
    floor_lr = start_lr / col("final_div_factor")
    total, pct = col("total_steps"), col("pct_start")
    if p["three_phase"]:
        phases = [
            (pct * total - 1.0, start_lr, top),
            (2.0 * pct * total - 2.0, top, start_lr),
            (total - 1.0, start_lr, floor_lr),
        ]
    else:
        phases = [(pct * total - 1.0, start_lr, top), (total - 1.0, top, floor_lr)]
    out = np.zeros(np.broadcast_shapes(lr.shape, t.shape))
    done = np.zeros(out.shape, dtype=bool)
    begin = np.zeros_like(total)
    for i, (end, a, b) in enumerate(phases):
        # torch: the first phase whose end_step is not yet passed, else the last phase
        here = ~done & ((t <= end) | (i == len(phases) - 1))
        width = end - begin
        if np.any(here & (width == 0)):
            raise ValueError(
                "one-cycle: pct_start * total_steps = 1 makes the warm-up phase zero steps long "
                "(torch divides by zero there); choose another pct_start"
            )
        frac = (t - begin) / np.where(width == 0, 1.0, width)
        if p["anneal_strategy"] == "cos":
            value = b + (a - b) / 2.0 * (np.cos(np.pi * frac) + 1.0)
        else:
            value = (b - a) * frac + a
        out = np.where(here, value, out)
        done |= here
        begin = end
    return out


def _warmup_cosine(lr, t, col, p, seed):
    # SequentialLR([LinearLR(start_factor, 1.0, warmup_iters), CosineAnnealingLR(T_max, eta_min)],
    # milestones=[warmup_iters]): at the milestone the cosine restarts from its epoch 0 (= base lr).
    w, s = col("warmup_iters"), col("start_factor")
    warm = lr * (s + (1.0 - s) * np.minimum(w, t) / np.maximum(w, 1.0))
    return np.where(t < w, warm, _cosine_at(lr, t - w, col("T_max"), col("eta_min")))


PLATEAU_CURVE = "loss[t] = 0.25 + 2 exp(-t / 12) + noise * z[t], z ~ N(0, 1) from default_rng(seed)"


def plateau_loss(epochs: int, noise, seed: int = 0) -> np.ndarray:
    """The synthetic validation loss that drives `plateau`: fast progress, then a noisy floor.

    Every row shares the same draws z (scaled by its own noise), so rows that differ only in
    patience or factor watch the same curve. Shape (N, epochs) for per-row noise, else (1, epochs).
    """
    z = np.random.default_rng(seed).standard_normal(epochs)
    t = np.arange(epochs, dtype=np.float64)
    noise = np.asarray(noise, dtype=np.float64).reshape(-1, 1)
    return 0.25 + 2.0 * np.exp(-t / 12.0) + noise * z


def _plateau(lr, t, col, p, seed):
    n, epochs = lr.shape[0], t.shape[1]
    loss = np.broadcast_to(plateau_loss(epochs, col("noise")[:, 0], seed), (n, epochs)).copy()
    # mode 'max' watches a score, so it is fed the mirrored curve 2.5 - loss (rises, then plateaus)
    metric = loss if p["mode"] == "min" else 2.5 - loss
    factor, min_lr, eps = col("factor")[:, 0], col("min_lr")[:, 0], col("eps")[:, 0]
    patience, cooldown, threshold = col("patience")[:, 0], col("cooldown")[:, 0], col("threshold")[:, 0]

    best = np.full(n, np.inf if p["mode"] == "min" else -np.inf)
    bad = np.zeros(n)  # num_bad_epochs
    cool = np.zeros(n)  # cooldown_counter
    cur = lr[:, 0].copy()
    out = np.empty((n, epochs))
    reduced = np.zeros((n, epochs), dtype=bool)
    out[:, 0] = cur
    for step in range(1, epochs):  # step(metric[step - 1]) sets the lr of epoch `step`
        a = metric[:, step - 1]
        with np.errstate(invalid="ignore"):  # inf * 0 when threshold = 1: nan, never better, as in torch
            if p["mode"] == "min":
                better = a < best * (1.0 - threshold) if p["threshold_mode"] == "rel" else a < best - threshold
            else:
                better = a > best * (threshold + 1.0) if p["threshold_mode"] == "rel" else a > best + threshold
        best = np.where(better, a, best)
        bad = np.where(better, 0.0, bad + 1.0)
        in_cooldown = cool > 0
        cool = np.where(in_cooldown, cool - 1.0, cool)
        bad = np.where(in_cooldown, 0.0, bad)  # bad epochs during cooldown do not count
        fire = bad > patience
        new = np.maximum(cur * factor, min_lr)
        applied = fire & (cur - new > eps)  # torch skips changes smaller than eps
        cur = np.where(applied, new, cur)
        cool = np.where(fire, cooldown, cool)
        bad = np.where(fire, 0.0, bad)
        out[:, step] = cur
        reduced[:, step] = applied
    return out, {"loss": loss, "metric": metric, "reduced": reduced}


# --------------------------------------------------------------------------- run-dependent defaults


def _whole_run(key: str):
    """T_max, total_steps: None means "every epoch of the run"."""

    def fill_in(p, lr, epochs):
        if p[key] is None:
            p[key] = epochs

    return fill_in


def _after_warmup(p, lr, epochs):
    if p["T_max"] is None:
        p["T_max"] = np.maximum(epochs - np.asarray(p["warmup_iters"]), 1)


def _cyclic_defaults(p, lr, epochs):
    if p["max_lr"] is None:
        p["max_lr"] = 10.0 * lr
    if p["step_size_down"] is None:
        p["step_size_down"] = p["step_size_up"]


def _one_cycle_defaults(p, lr, epochs):
    if p["total_steps"] is None:
        p["total_steps"] = epochs
    elif np.any(np.asarray(p["total_steps"]) < epochs):
        raise ParamError("one-cycle", "total_steps", f"must be >= epochs ({epochs}); torch raises past total_steps")


# --------------------------------------------------------------------------- the catalogue


def _int(default, low, doc, high=None) -> Param:
    return Param(default, INT, low=low, high=high, doc=doc)


def _choice(default, choices, doc) -> Param:
    return Param(default, CHOICE, choices=tuple(choices), doc=doc)


_ETA_MIN = nonneg(0.0, "the lowest learning rate the cosine reaches")

SCHEDULES: dict[str, Schedule] = {
    s.name: s
    for s in [
        Schedule("constant", "Constant learning rate", "", {}, "no scheduler: the lr never changes", _constant),
        Schedule(
            "step",
            "Step decay",
            "torch.optim.lr_scheduler.StepLR",
            {
                "step_size": _int(30, 1, "epochs between decays (torch has no default; 30 is ours)"),
                "gamma": positive(0.1, "factor the lr is multiplied by at each decay"),
            },
            "lr * gamma ** (epoch // step_size)",
            _step,
        ),
        Schedule(
            "multistep",
            "Multi-step decay",
            "torch.optim.lr_scheduler.MultiStepLR",
            {
                "milestones": Param(
                    (30, 80),
                    INTS,
                    low=1,
                    increasing=True,
                    doc="epochs at which the lr is multiplied by gamma (strictly increasing)",
                ),
                "gamma": positive(0.1, "factor the lr is multiplied by at each milestone"),
            },
            "lr * gamma ** (number of milestones passed)",
            _multistep,
        ),
        Schedule(
            "exponential",
            "Exponential decay",
            "torch.optim.lr_scheduler.ExponentialLR",
            {
                "gamma": positive(
                    0.95, "factor the lr is multiplied by every epoch (torch has no default; 0.95 is ours)"
                ),
            },
            "lr * gamma ** epoch",
            _exponential,
        ),
        Schedule(
            "inverse-time",
            "Inverse-time (1/t) decay",
            "torch.optim.lr_scheduler.LambdaLR",
            {
                "k": nonneg(0.1, "decay rate: the lr has halved after 1/k epochs"),
            },
            "lr / (1 + k * epoch); in torch: LambdaLR(opt, lambda t: 1 / (1 + k * t))",
            _inverse_time,
        ),
        Schedule(
            "polynomial",
            "Polynomial decay",
            "torch.optim.lr_scheduler.PolynomialLR",
            {
                "total_iters": _int(5, 1, "epochs until the lr reaches 0"),
                "power": nonneg(1.0, "shape of the decay: 1 is a straight line, 2 falls fast then flattens"),
            },
            "lr * (1 - min(epoch, total_iters) / total_iters) ** power",
            _polynomial,
        ),
        Schedule(
            "linear",
            "Linear ramp",
            "torch.optim.lr_scheduler.LinearLR",
            {
                "start_factor": Param(
                    1.0 / 3, FLOAT, low=0.0, low_open=True, high=1.0, doc="multiplier of the lr at epoch 0"
                ),
                "end_factor": Param(1.0, FLOAT, low=0.0, high=1.0, doc="multiplier of the lr from total_iters on"),
                "total_iters": _int(5, 1, "epochs the multiplier takes to go from start_factor to end_factor"),
            },
            "lr * multiplier moving linearly from start_factor to end_factor over total_iters epochs",
            _linear,
        ),
        Schedule(
            "cosine",
            "Cosine annealing",
            "torch.optim.lr_scheduler.CosineAnnealingLR",
            {
                "T_max": _int(None, 1, "epochs of the half cosine from lr down to eta_min (default: all epochs)"),
                "eta_min": _ETA_MIN,
            },
            "eta_min + (lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2",
            _cosine,
            _whole_run("T_max"),
        ),
        Schedule(
            "cosine-restarts",
            "Cosine annealing with warm restarts (SGDR)",
            "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts",
            {
                "T_0": _int(10, 1, "epochs until the first restart (torch has no default; 10 is ours)"),
                "T_mult": _int(1, 1, "each cycle is T_mult times longer than the one before"),
                "eta_min": _ETA_MIN,
            },
            "a cosine from lr to eta_min, restarted at lr after every cycle",
            _cosine_restarts,
        ),
        Schedule(
            "cyclic",
            "Cyclical learning rate (CLR)",
            "torch.optim.lr_scheduler.CyclicLR",
            {
                "max_lr": positive(None, "top of the cycle; base_lr is the lr (default: 10 * lr)"),
                "step_size_up": _int(
                    10, 1, "epochs of the rising half (stepped per epoch here; torch's 2000 counts batches)"
                ),
                "step_size_down": _int(None, 0, "epochs of the falling half (default: step_size_up)"),
                "mode": _choice(
                    "triangular",
                    ("triangular", "triangular2", "exp_range"),
                    "triangular: same height; triangular2: height halves each cycle; exp_range: * gamma**epoch",
                ),
                "gamma": positive(1.0, "exp_range only: the height is multiplied by gamma every epoch"),
            },
            "the lr climbs linearly from lr to max_lr and back, cycle after cycle",
            _cyclic,
            _cyclic_defaults,
        ),
        Schedule(
            "one-cycle",
            "One-cycle policy",
            "torch.optim.lr_scheduler.OneCycleLR",
            {
                "total_steps": _int(
                    None, 1, "length of the cycle in epochs, at least the epochs run (default: epochs)"
                ),
                "pct_start": Param(0.3, FLOAT, low=0.0, high=1.0, doc="fraction of the cycle spent raising the lr"),
                "anneal_strategy": _choice("cos", ("cos", "linear"), "shape of each ramp: cosine or straight line"),
                "div_factor": positive(25.0, "the cycle starts at lr / div_factor (lr is the peak, torch's max_lr)"),
                "final_div_factor": positive(1e4, "the cycle ends at lr / div_factor / final_div_factor"),
                "three_phase": Param(
                    False, BOOL, doc="true: ramp up, mirror down, then a final drop (the paper's shape)"
                ),
            },
            "warm up from lr/div_factor to lr, then anneal far below the start",
            _one_cycle,
            _one_cycle_defaults,
        ),
        Schedule(
            "warmup-cosine",
            "Linear warm-up, then cosine annealing",
            "torch.optim.lr_scheduler.SequentialLR",
            {
                "warmup_iters": _int(5, 0, "epochs of linear warm-up (LinearLR's total_iters and the milestone)"),
                "start_factor": Param(
                    1.0 / 3,
                    FLOAT,
                    low=0.0,
                    low_open=True,
                    high=1.0,
                    doc="multiplier of the lr at epoch 0 of the warm-up",
                ),
                "T_max": _int(None, 1, "epochs of the cosine after warm-up (default: the remaining epochs)"),
                "eta_min": _ETA_MIN,
            },
            "SequentialLR([LinearLR(start_factor, 1.0, warmup_iters), CosineAnnealingLR(T_max, eta_min)], "
            "milestones=[warmup_iters])",
            _warmup_cosine,
            _after_warmup,
        ),
        Schedule(
            "plateau",
            "Reduce on plateau",
            "torch.optim.lr_scheduler.ReduceLROnPlateau",
            {
                "mode": _choice(
                    "min",
                    ("min", "max"),
                    "min watches a loss; max watches a score (here the mirrored curve 2.5 - loss)",
                ),
                "factor": Param(
                    0.1,
                    FLOAT,
                    low=0.0,
                    high=1.0,
                    low_open=True,
                    high_open=True,
                    doc="the lr is multiplied by factor at each reduction",
                ),
                "patience": _int(10, 0, "epochs without improvement tolerated before reducing"),
                "threshold": nonneg(1e-4, "how much better than the best so far counts as an improvement"),
                "threshold_mode": _choice("rel", ("rel", "abs"), "rel: best * (1 - threshold); abs: best - threshold"),
                "cooldown": _int(0, 0, "epochs to wait after a reduction before counting bad epochs again"),
                "min_lr": nonneg(0.0, "the lr is never reduced below this"),
                "eps": nonneg(1e-8, "reductions smaller than eps are skipped"),
                "noise": nonneg(0.02, "(ours, not torch's) noise of the synthetic loss curve the scheduler watches"),
            },
            "divide the lr when the watched loss stops improving; " + PLATEAU_CURVE,
            _plateau,
        ),
    ]
}


# --------------------------------------------------------------------------- validation and dispatch


def _rows(lr: np.ndarray, values: dict[str, Any], spec: dict[str, Param]) -> int:
    """N: the common length of every per-row array (milestones count by their first axis)."""
    lengths = {lr.shape[0]} if lr.ndim == 1 else set()
    for name, value in values.items():
        if spec[name].kind in (CHOICE, BOOL) or value is None:
            continue
        ndim = np.ndim(value)
        if ndim == (2 if spec[name].kind == INTS else 1):
            lengths.add(np.shape(value)[0])
    if len(lengths) > 1:
        raise ValueError(f"per-row values must all have the same length; got lengths {sorted(lengths)}")
    return lengths.pop() if lengths else 1


def _echo(p: Param, value: Any) -> Any:
    """A filled-in value as plain Python (int/float/str/bool or lists of them), ready for JSON."""
    if p.kind in (CHOICE, BOOL):
        return bool(value) if p.kind == BOOL else value
    arr = np.asarray(value, dtype=np.float64)
    if p.kind in (INT, INTS):
        arr = arr.astype(np.int64)
    return arr.tolist()


def run_schedule(name: str, lr, epochs: int, params: dict | None = None, seed: int = 0) -> ScheduleResult:
    """The lr of every epoch for N rows of settings: (N, epochs), plus extras for `plateau`.

    `lr` and numeric params may be scalars or length-N arrays; choices and booleans are shared.
    Raises ValueError for unknown names and out-of-range values, naming what is allowed.
    """
    if name not in SCHEDULES:
        raise ValueError(f"unknown schedule {name!r}; choose one of: {', '.join(SCHEDULES)}")
    sched = SCHEDULES[name]
    if isinstance(epochs, (bool, np.bool_)) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a whole number >= 1, got {epochs!r}")
    try:
        lr_arr = np.asarray(lr)
    except (TypeError, ValueError):
        lr_arr = np.asarray(np.nan)
    lr_arr = lr_arr.astype(np.float64) if lr_arr.dtype.kind in "iuf" else np.asarray(np.nan)
    if lr_arr.ndim > 1 or lr_arr.size == 0 or not np.all(np.isfinite(lr_arr)) or not np.all(lr_arr > 0):
        raise ValueError(f"lr must be a number > 0 (or one per row), got {lr!r}")
    p = fill(sched.params, params, sched.name)
    n = _rows(lr_arr, p, sched.params)
    epochs = int(epochs)

    if sched.run_defaults is not None:
        sched.run_defaults(p, lr_arr, epochs)

    def col(key: str) -> np.ndarray:
        return per_row(p[key], n)

    t = np.arange(epochs, dtype=np.float64)[None, :]
    with np.errstate(over="ignore", under="ignore"):
        out = sched.fn(per_row(lr_arr, n), t, col, p, seed)
    values, extras = out if isinstance(out, tuple) else (out, {})
    values = np.broadcast_to(values, (n, epochs)).astype(np.float64, copy=True)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name}: the learning rate overflows float64 within {epochs} epochs; lower gamma or epochs")
    return ScheduleResult(name, {k: _echo(sched.params[k], v) for k, v in p.items()}, values, extras)
