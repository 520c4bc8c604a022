"""The learning-rate range test (Smith 2017, "Cyclical learning rates for training neural networks";
fastai's ``Learner.lr_find``): one run on a fresh network whose learning rate grows exponentially
from start_lr to end_lr, one mini-batch per rate.

As fastai does it: the lr of iteration i (from 0) is start_lr·(end_lr/start_lr)^(i/num_it); the
recorded loss is smoothed by a debiased exponential moving average (β = 0.98); the run stops after
the batch whose smoothed loss exceeds 4× the best so far, or after num_it batches. (Unlike fastai,
a nan smoothed loss stops it too: fastai's comparison is false for nan, so it trains on.)
The suggestions are computed, as fastai's, on the points from num_it//10 up to the last five
(skipping the noisy start and the blow-up), cut at the first nan; none when fewer than two remain
(fastai raises):

- steepest: the lr where the smoothed loss falls fastest against log lr;
- minimum: the lr of the lowest smoothed loss, whose tenth is the classic suggestion;
- valley (fastai's default suggestion): inside the longest run of falling loss, a point about
  half-way along it (where fastai's index comes out −1 and picks the window's last point, the
  first point is taken instead).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dltutor.sim.network.config import NetworkConfig
from dltutor.sim.network.data import Dataset
from dltutor.sim.network.training import Trainer

Array = np.ndarray
MAX_ITERATIONS = 10_000
BETA = 0.98  # fastai's AvgSmoothLoss


@dataclass
class LRFindResult:
    lr: Array  # (n,) the learning rate of each iteration run
    loss: Array  # (n,) its mini-batch loss (training mode, data loss)
    smooth: Array  # (n,) debiased moving average of loss
    stopped: str  # "diverged" (smoothed loss > 4× best, or nan) or "end" (num_it reached)
    start_lr: float
    end_lr: float
    num_it: int
    steepest_lr: float | None  # None when too few points survive the trimming
    minimum_lr: float | None  # lr at the lowest smoothed loss; suggestion: minimum_lr / 10
    valley_lr: float | None  # fastai's default suggestion

    @property
    def suggested_lr(self) -> float | None:
        """fastai's default (valley)."""
        return self.valley_lr


def lr_find(
    config: NetworkConfig,
    data: Dataset,
    *,
    start_lr: float = 1e-7,
    end_lr: float = 10.0,
    num_it: int = 100,
    stop_div: bool = True,
) -> LRFindResult:
    """Run the range test with config's network, loss, regularisation, optimizer and seed (its lr,
    schedule and epochs are ignored: the test sets the lr of every batch)."""
    for name, value in (("start_lr", start_lr), ("end_lr", end_lr)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise ValueError(f"{name} must be a number > 0, got {value!r}")
    if not start_lr < end_lr:
        raise ValueError(f"start_lr ({start_lr:g}) must be below end_lr ({end_lr:g})")
    if isinstance(num_it, bool) or not isinstance(num_it, int) or num_it < 6:
        raise ValueError(f"num_it must be a whole number >= 6, got {num_it!r}")
    if num_it > MAX_ITERATIONS:
        raise ValueError(f"num_it is {num_it:,}; at most {MAX_ITERATIONS:,} (lower num_it)")
    # One epoch is enough for the checks; the range test runs its own iteration count. No dropout
    # masks are kept: the trainer budgets them for that one epoch, and num_it may be far more.
    trial = NetworkConfig(**{**config.__dict__, "epochs": 1, "schedule": None, "grid_every": 0, "record_masks": False})
    trainer = Trainer(trial, data)
    if trainer.runs != 1:
        raise ValueError("the range test trains one network: give single values, not one per network")

    lrs, losses, smooth = [], [], []
    avg, best, stopped = 0.0, math.inf, "end"
    b = int(config.batch_size)
    order, pos = None, trainer.n_train
    with np.errstate(all="ignore"):
        for i in range(num_it):
            if pos >= trainer.n_train:  # a new epoch: a new order, as the trainer draws it
                order, pos = trainer.order_rng.permutation(trainer.n_train), 0
            idx = order[pos : pos + b]
            pos += b
            lr = start_lr * (end_lr / start_lr) ** (i / num_it)
            loss = float(np.ravel(trainer.step(trainer.X_train[idx], trainer.T_train[idx], lr=lr))[0])
            avg = BETA * avg + (1 - BETA) * loss
            s = avg / (1 - BETA ** (i + 1))
            lrs.append(lr)
            losses.append(loss)
            smooth.append(s)
            if s < best:
                best = s
            if stop_div and (s > 4 * best or math.isnan(s)):
                stopped = "diverged"
                break
    lr_arr, sm = np.array(lrs), np.array(smooth)
    return LRFindResult(
        lr_arr, np.array(losses), sm, stopped, float(start_lr), float(end_lr), num_it, *suggestions(lr_arr, sm, num_it)
    )


def suggestions(lrs: Array, smooth: Array, num_it: int) -> tuple[float | None, float | None, float | None]:
    """(steepest, minimum, valley) on fastai's window: points num_it//10 to the fifth from last,
    cut at the first nan."""
    lo = num_it // 10
    hi = max(len(lrs) - 5, 0)  # not a negative index: fewer than five points leave an empty window
    x, y = lrs[lo:hi], smooth[lo:hi]
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size:
        x, y = x[: bad[0]], y[: bad[0]]
    if len(x) < 2:
        return None, None, None
    slope = np.diff(y) / np.diff(np.log(x))
    steepest = float(x[np.argmin(slope)])
    minimum = float(x[np.argmin(y)])
    return steepest, minimum, float(x[_valley(y)])


def _valley(y: Array) -> int:
    """fastai's valley rule: the longest decreasing subsequence (lds[i]: the longest ending at i),
    taken from the first point where it is longest; the point a third plus a sixth of the way in."""
    n = len(y)
    lds = np.ones(n, dtype=np.int64)
    for i in range(1, n):
        higher = y[:i] > y[i]
        if higher.any():
            lds[i] = lds[:i][higher].max() + 1
    end = int(np.argmax(lds))
    start = end - int(lds[end])
    sections = (end - start) / 3
    return max(0, start + int(sections) + int(sections / 2))
