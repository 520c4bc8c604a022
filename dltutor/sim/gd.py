"""Batch, mini-batch and stochastic gradient descent on one linear-regression problem.

The same data, the same zero start, the same shuffles: only the batch size differs. Batch GD
takes one exact step per epoch; stochastic GD takes one noisy step per sample. The full-set loss
is computed exactly after every update from the least-squares identity
    L(theta) = L* + (theta - theta*)^T A (theta - theta*),  A = Z^T Z / n,  Z = [X, 1],
so recording it costs nothing even at one update per sample.

Rows are learning rates (lr may be a list): they share every random draw, so each row equals a
separate run with that lr. An update that would make a row's full loss non-finite or above 1e12
is refused and the row is frozen there and flagged, as optimizers.py does: its records stay
finite and repeat its last good state from `diverged_at` on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dltutor.sim.params import BOOL, INT, NAMES, Names, Param, ParamError, fill, nonneg, positive, split_names

FLAVOURS = ("batch", "minibatch", "stochastic")
DIVERGED = 1e12  # a full-set loss above this counts as diverged
MAX_UPDATES = 200_000  # per flavour: each update is a Python step (~20 us)
MAX_RECORDED = 20_000_000  # rows x updates recorded per flavour and field (160 MB)


PARAMS: dict[str, Param] = {
    "lr": positive(0.05, "learning rate of plain SGD; one row per value"),
    "epochs": Param(5, INT, low=1, high=1_000, doc="passes over the training set"),
    "batch_size": Param(32, INT, low=1, doc="samples per update for the minibatch flavour"),
    "flavours": Names(
        FLAVOURS, NAMES, choices=FLAVOURS, doc="batch: all samples per update; minibatch: batch_size; stochastic: 1"
    ),
    "shuffle": Param(True, BOOL, doc="reshuffle the samples every epoch (DataLoader's shuffle)"),
    "samples": Param(1050, INT, low=1, high=100_000, doc="rows in the synthetic training set"),
    "features": Param(5, INT, low=1, high=1_000, doc="inputs per sample"),
    "noise": nonneg(0.1, "std of the Gaussian noise added to the targets"),
}


@dataclass
class GDResult:
    """F flavours x N learning rates. Per-update arrays have U = the largest number of updates
    among the flavours; a flavour with fewer is padded (NaN, or -1 for integers): use
    `curve(flavour, field)` for the unpadded row(s)."""

    params: dict[str, Any]
    flavours: np.ndarray  # (F,) str
    lr: np.ndarray  # (N,)
    batch_size: np.ndarray  # (F,) samples per update actually used
    updates_per_epoch: np.ndarray  # (F,) ceil(samples / batch_size): the partial batch counts
    total_updates: np.ndarray  # (F,)
    update_epoch: np.ndarray  # (F, U) int, 0-based epoch of each update, -1 padded
    epoch_progress: np.ndarray  # (F, U) epochs done after each update (e + (k+1)/upe), an x axis
    batch_loss: np.ndarray  # (F, N, U) loss on the update's own batch, before the step (noisy)
    full_loss: np.ndarray  # (F, N, U) loss on the whole training set after the update
    epoch_loss: np.ndarray  # (F, N, epochs) whole-set loss at the end of each epoch
    initial_loss: np.ndarray  # () whole-set loss at the zero start
    min_loss: np.ndarray  # () least-squares optimum, the floor every run approaches
    diverged: np.ndarray  # (F, N) bool
    diverged_at: np.ndarray  # (F, N) index of the update that diverged, -1 if none
    weight: np.ndarray  # (F, N, features) final weights
    bias: np.ndarray  # (F, N) final bias
    true_weight: np.ndarray  # (features,) weights that generated the data
    true_bias: np.ndarray  # ()

    def curve(self, flavour: str, field: str) -> np.ndarray:
        """A per-update field for one flavour, trimmed to its real updates."""
        f = list(self.flavours).index(flavour)
        arr = getattr(self, field)[f]
        return arr[..., : self.total_updates[f]]


def check_options(out: dict[str, Any], owner: str = "gd") -> dict[str, Any]:
    """Filled-in options checked beyond their Params: lr as a scalar or a flat list; the size."""
    lr = np.asarray(out["lr"], dtype=np.float64)
    if lr.ndim > 1 or lr.size == 0:
        raise ParamError(owner, "lr", f"must be {PARAMS['lr'].allowed()}, or a flat list of them")
    out["lr"] = float(lr) if lr.ndim == 0 else lr.tolist()
    out["flavours"] = split_names(out["flavours"])
    per_epoch = {"batch": 1, "minibatch": -(-out["samples"] // out["batch_size"]), "stochastic": out["samples"]}
    updates = max(per_epoch[f] for f in out["flavours"]) * out["epochs"]
    if updates > MAX_UPDATES or updates * lr.size > MAX_RECORDED:
        raise ParamError(
            owner,
            "epochs",
            "",
            f"{owner}: {updates} updates x {lr.size} learning rates is too many "
            f"(at most {MAX_UPDATES} updates, {MAX_RECORDED} in all); lower epochs "
            "or samples, raise batch_size, or give fewer lr values",
        )
    return out


def _checked(given: dict[str, Any] | None) -> dict[str, Any]:
    return check_options(fill(PARAMS, given, "gd"))


def run_gd(params: dict[str, Any] | None = None, seed: int = 0) -> GDResult:
    """Train a linear model with MSE by SGD, once per flavour, for every lr row at once."""
    par = _checked(params)
    lr = np.atleast_1d(np.asarray(par["lr"], dtype=np.float64))
    n_rows, n, d, epochs = lr.size, par["samples"], par["features"], par["epochs"]
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    true_w = rng.standard_normal(d)
    true_b = rng.standard_normal()
    y = X @ true_w + true_b + par["noise"] * rng.standard_normal(n)
    orders = [rng.permutation(n) if par["shuffle"] else np.arange(n) for _ in range(epochs)]

    Z = np.hstack([X, np.ones((n, 1))])
    theta_star = np.linalg.lstsq(Z, y, rcond=None)[0]
    A = Z.T @ Z / n
    min_loss = float(np.mean((Z @ theta_star - y) ** 2))

    def full_loss(w: np.ndarray, b: np.ndarray) -> np.ndarray:
        delta = np.hstack([w, b[:, None]]) - theta_star
        return min_loss + np.einsum("ni,ij,nj->n", delta, A, delta)

    flavours = par["flavours"]
    sizes = [{"batch": n, "minibatch": min(par["batch_size"], n), "stochastic": 1}[f] for f in flavours]
    upe = [-(-n // b) for b in sizes]
    U = max(upe) * epochs
    F = len(flavours)
    update_epoch = np.full((F, U), -1)
    progress = np.full((F, U), np.nan)
    batch_loss = np.full((F, n_rows, U), np.nan)
    full = np.full((F, n_rows, U), np.nan)
    epoch_loss = np.full((F, n_rows, epochs), np.nan)
    diverged = np.zeros((F, n_rows), dtype=bool)
    diverged_at = np.full((F, n_rows), -1)
    weights = np.zeros((F, n_rows, d))
    biases = np.zeros((F, n_rows))

    with np.errstate(over="ignore", invalid="ignore"):  # a diverging row overflows quietly
        for f, B in enumerate(sizes):
            w, b = np.zeros((n_rows, d)), np.zeros(n_rows)
            loss = full_loss(w, b)
            alive = np.ones(n_rows, dtype=bool)
            k = 0
            for e, order in enumerate(orders):
                for start in range(0, n, B):
                    idx = order[start : start + B]
                    Xb, yb = X[idx], y[idx]
                    r = w @ Xb.T + b[:, None] - yb  # (N, B) residuals
                    batch_loss[f, :, k] = np.mean(r * r, axis=1)
                    step = lr[:, None] * (2.0 / len(idx))
                    w_new, b_new = w - step * (r @ Xb), b - step[:, 0] * r.sum(axis=1)
                    loss_new = full_loss(w_new, b_new)
                    blown = alive & ~(loss_new <= DIVERGED)  # catches NaN and inf too
                    diverged_at[f, blown] = k
                    alive &= ~blown
                    w = np.where(alive[:, None], w_new, w)  # a diverged row keeps its last good state
                    b = np.where(alive, b_new, b)
                    loss = np.where(alive, loss_new, loss)
                    full[f, :, k] = loss
                    update_epoch[f, k] = e
                    progress[f, k] = e + (start // B + 1) / upe[f]
                    k += 1
                epoch_loss[f, :, e] = loss
            diverged[f] = ~alive
            weights[f], biases[f] = w, b

    return GDResult(
        params=par,
        flavours=np.array(flavours),
        lr=lr,
        batch_size=np.array(sizes),
        updates_per_epoch=np.array(upe),
        total_updates=np.array(upe) * epochs,
        update_epoch=update_epoch,
        epoch_progress=progress,
        batch_loss=batch_loss,
        full_loss=full,
        epoch_loss=epoch_loss,
        initial_loss=np.asarray(full_loss(np.zeros((1, d)), np.zeros(1))[0]),
        min_loss=np.asarray(min_loss),
        diverged=diverged,
        diverged_at=diverged_at,
        weight=weights,
        bias=biases,
        true_weight=true_w,
        true_bias=np.asarray(true_b),
    )
