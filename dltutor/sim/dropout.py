"""Dropout: why the kept units are scaled, and when (PyTorch's nn.Dropout is the inverted kind).

One fixed activation vector h is dropped again and again. With inverted dropout the kept units
are scaled by 1/(1-p) while training, so the running mean of what the next layer sees converges
to h's own mean, which is exactly what it sees at test time (dropout off, nothing scaled).
'standard' dropout (the original paper) leaves training unscaled and multiplies by (1-p) at test.
Both match train and test in expectation; they differ in where the scaling lives.

All rows share one set of uniform draws (a unit is kept when u >= p), so a row with a given p is
the same as a separate run with that p, and masks for larger p are subsets of those for smaller p.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dltutor.sim.params import BOOL, CHOICE, INT, Param, ParamError, fill, unit

PARAMS: dict[str, Param] = {
    "p": unit(0.5, "probability of zeroing each unit (nn.Dropout's p); one row per value"),
    "mode": Param(
        "inverted",
        CHOICE,
        choices=("inverted", "standard"),
        doc="inverted: scale kept units by 1/(1-p) in training (PyTorch); standard: scale outputs by (1-p) at test",
    ),
    "units": Param(64, INT, low=1, high=10_000, doc="size of the activation vector h"),
    "steps": Param(200, INT, low=1, high=100_000, doc="training steps, each with a fresh mask"),
    "recurrent": Param(False, BOOL, doc="apply dropout to a sequence of time_steps copies of h"),
    "time_steps": Param(12, INT, low=1, high=1_000, doc="sequence length when recurrent"),
    "variational": Param(
        False,
        BOOL,
        doc="recurrent only: one mask per sequence reused at every "
        "time step (Gal & Ghahramani) instead of a fresh one each",
    ),
}
MAX_CELLS = 20_000_000  # mask entries: each becomes a float64 for a moment (160 MB)


@dataclass
class DropoutResult:
    """N rows (one per p); arrays over training steps. Means are over units (and time steps)."""

    params: dict[str, Any]
    p: np.ndarray  # (N,)
    h: np.ndarray  # (units,) the fixed positive activations
    masks: np.ndarray  # bool (N, steps, units), or (N, steps, time_steps, units) when recurrent
    step: np.ndarray  # (steps,) 1..steps, an x axis
    train_mean: np.ndarray  # (N, steps) mean of the dropped-and-scaled output at each step
    running_mean: np.ndarray  # (N, steps) cumulative mean of train_mean
    kept_fraction: np.ndarray  # (N, steps) share of units kept at each step
    h_mean: np.ndarray  # () mean of h, no dropout
    expected_train_mean: np.ndarray  # (N,) h_mean for inverted, (1-p) h_mean for standard
    test_mean: np.ndarray  # (N,) output mean at test time (dropout off)
    train_scale: np.ndarray  # (N,) factor on kept units while training: 1/(1-p) or 1
    test_scale: np.ndarray  # (N,) factor on outputs at test: 1 or 1-p


def check_options(out: dict[str, Any], owner: str = "dropout") -> dict[str, Any]:
    """Filled-in options checked beyond their Params: p as a scalar or a flat list; the size."""
    p = np.asarray(out["p"], dtype=np.float64)
    if p.ndim > 1 or p.size == 0:
        raise ParamError(owner, "p", f"must be {PARAMS['p'].allowed()}, or a flat list of them")
    out["p"] = float(p) if p.ndim == 0 else p.tolist()
    cells = p.size * out["steps"] * out["units"] * (out["time_steps"] if out["recurrent"] else 1)
    if cells > MAX_CELLS:
        raise ParamError(
            owner,
            "steps",
            "",
            f"{owner}: p values x steps x units (x time_steps) = {cells} mask "
            f"entries is too many (at most {MAX_CELLS}); lower steps, units or time_steps",
        )
    return out


def _checked(given: dict[str, Any] | None) -> dict[str, Any]:
    return check_options(fill(PARAMS, given, "dropout"))


def run_dropout(params: dict[str, Any] | None = None, seed: int = 0) -> DropoutResult:
    """Drop one fixed activation vector for `steps` steps, for each p, and track the means."""
    par = _checked(params)
    p = np.atleast_1d(np.asarray(par["p"], dtype=np.float64))
    n, units, steps = p.size, par["units"], par["steps"]
    rng = np.random.default_rng(seed)
    h = np.abs(rng.standard_normal(units))  # positive, like post-ReLU activations
    h_mean = h.mean()

    if par["recurrent"]:
        u = rng.random((steps, par["time_steps"], units))
        if par["variational"]:  # the first time step's mask, reused along the sequence
            u = np.broadcast_to(u[:, :1, :], u.shape)
    else:
        u = rng.random((steps, units))
    shape = (n,) + (1,) * u.ndim
    masks = u[None] >= p.reshape(shape)  # kept with probability 1 - p

    inverted = par["mode"] == "inverted"
    train_scale = 1.0 / (1.0 - p) if inverted else np.ones(n)
    test_scale = np.ones(n) if inverted else 1.0 - p
    axes = tuple(range(2, masks.ndim))
    # mean over units of mask*h*scale, without building the scaled outputs
    train_mean = (masks * h).mean(axis=axes) * train_scale[:, None]
    kept = masks.mean(axis=axes)
    running = np.cumsum(train_mean, axis=1) / np.arange(1, steps + 1)
    test_mean = test_scale * h_mean
    return DropoutResult(
        params=par,
        p=p,
        h=h,
        masks=masks,
        step=np.arange(1, steps + 1),
        train_mean=train_mean,
        running_mean=running,
        kept_fraction=kept,
        h_mean=np.asarray(h_mean),
        expected_train_mean=test_mean.copy(),
        test_mean=test_mean,
        train_scale=train_scale,
        test_scale=test_scale,
    )
