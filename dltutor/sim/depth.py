"""Signal through depth: why initialisation scales matter (vanishing and exploding gradients).

A stack of square bias-free Linear layers, each followed by the same activation, is run forward
on standard-normal inputs and backward from a standard-normal dL/d(output). Each layer multiplies
the signal's scale by roughly (weight std) * sqrt(width) * (the activation's gain): below 1 the
signal and the gradients shrink geometrically with depth, above 1 they blow up. Xavier and Kaiming
choose the weight std to make that factor 1 (Xavier for tanh-like, Kaiming for ReLU).

One row per initialisation. All rows share the inputs, dL/d(output) and the underlying random
draws (one standard normal and one U(-1, 1) matrix per layer, scaled by each init's std or bound),
so rows differ only by the scale and shape of their weights. Formulas, names and defaults are
torch.nn.init's; weights are (out, in) and layers compute x @ W.T as nn.Linear does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from dltutor.sim.activations import evaluate
from dltutor.sim.params import CHOICE, INT, NAMES, Names, Param, ParamError, fill, positive, split_names

INITS = ("normal", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal")
ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "silu")

# torch.nn.init.calculate_gain
_GAINS = {"linear": 1.0, "identity": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3.0, "relu": math.sqrt(2.0), "selu": 3.0 / 4.0}


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """torch.nn.init.calculate_gain: the std multiplier recommended for a nonlinearity."""
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1.0 + slope**2))
    if nonlinearity in _GAINS or nonlinearity.startswith("conv"):
        return _GAINS.get(nonlinearity, 1.0)
    raise ValueError(f"unsupported nonlinearity {nonlinearity!r}")


def init_std(
    name: str,
    fan_in: int,
    fan_out: int,
    *,
    gain: float = 1.0,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    sigma: float = 0.01,
) -> float:
    """Std of the weights torch.nn.init draws (a uniform's std is its bound / sqrt(3)).

    gain is xavier_*'s; a, mode and nonlinearity are kaiming_*'s (defaults as in torch);
    sigma is normal_'s std (this tutor's default 0.01, torch's is 1).
    """
    if name == "normal":
        return float(sigma)
    if name in ("xavier_uniform", "xavier_normal"):
        return gain * math.sqrt(2.0 / (fan_in + fan_out))
    if name in ("kaiming_uniform", "kaiming_normal"):
        if mode not in ("fan_in", "fan_out"):
            raise ValueError(f"mode must be fan_in or fan_out, got {mode!r}")
        fan = fan_in if mode == "fan_in" else fan_out
        return calculate_gain(nonlinearity, a) / math.sqrt(fan)
    raise ValueError(f"unknown init {name!r}; one of {', '.join(INITS)}")


def init_bound(name: str, fan_in: int, fan_out: int, **kwargs: Any) -> float:
    """Bound b of a uniform init U(-b, b): sqrt(3) * std, as torch computes it."""
    if not name.endswith("_uniform"):
        raise ValueError(f"{name!r} is not a uniform init; it has a std, not a bound")
    return math.sqrt(3.0) * init_std(name, fan_in, fan_out, **kwargs)


PARAMS: dict[str, Param] = {
    "activation": Param(
        "tanh",
        CHOICE,
        choices=ACTIVATIONS,
        doc="nonlinearity after every layer, with F's defaults (leaky_relu 0.01, exact gelu)",
    ),
    "inits": Names(INITS, NAMES, choices=INITS, doc="weight initialisations to compare, one row each"),
    "sigma": positive(0.01, "std of the plain 'normal' init (nn.init.normal_)"),
    "layers": Param(20, INT, low=1, high=200, doc="number of Linear layers"),
    "width": Param(256, INT, low=1, high=2048, doc="units per layer (fan_in = fan_out = width)"),
    "batch": Param(256, INT, low=1, high=4096, doc="standard-normal input rows"),
}
BUDGET = 40_000_000  # float64s kept for the backward pass (~320 MB)


def _rms_scaled(x: np.ndarray, centre: bool) -> np.ndarray:
    """Per-row std (centre=True) or Frobenius norm of x (N, ...), without squaring huge numbers."""
    flat = x.reshape(len(x), -1)
    m = np.max(np.abs(flat), axis=1, keepdims=True)
    m = np.where((m > 0) & np.isfinite(m), m, 1.0)
    y = flat / m
    if centre:
        out = y.std(axis=1)
    else:
        out = np.sqrt(np.einsum("ij,ij->i", y, y))
    out = out * m[:, 0]
    return np.where(np.isnan(out), np.inf, out)  # overflowed past float64: report as inf


@dataclass
class DepthResult:
    """N rows (one per init) x layers. Layer l is the l-th Linear + activation (1-based in `layer`)."""

    params: dict[str, Any]
    inits: np.ndarray  # (N,) str
    layer: np.ndarray  # (layers,) 1..layers, an x axis
    weight_std: np.ndarray  # (N,) the std each init draws from (torch formula)
    sampled_weight_std: np.ndarray  # (N, layers) std of the weights actually drawn
    act_std: np.ndarray  # (N, layers) std of each layer's post-activation output
    weight_grad_norm: np.ndarray  # (N, layers) Frobenius norm of dL/dW
    input_grad_norm: np.ndarray  # (N, layers) Frobenius norm of dL/d(layer input)


def check_options(out: dict[str, Any], owner: str = "depth") -> dict[str, Any]:
    """Filled-in options checked beyond their Params: what the backward pass must keep fits."""
    out["inits"] = split_names(out["inits"])
    L, w, B, n = out["layers"], out["width"], out["batch"], len(out["inits"])
    if 2 * L * (n * B * w + w * w) > BUDGET:  # stored inputs and slopes, and the shared draws
        raise ParamError(
            owner,
            "layers",
            "",
            f"{owner}: layers x width x batch x inits is too large to keep for "
            f"the backward pass ({L} x {w} x {B} x {n}); use fewer layers, a "
            "smaller width or batch",
        )
    return out


def _checked(given: dict[str, Any] | None) -> dict[str, Any]:
    return check_options(fill(PARAMS, given, "depth"))


def run_depth(params: dict[str, Any] | None = None, seed: int = 0) -> DepthResult:
    """Forward and backward through the stack once per init; per-layer scales of signal and gradient."""
    par = _checked(params)
    inits, L, w, B = par["inits"], par["layers"], par["width"], par["batch"]
    rng = np.random.default_rng(seed)
    x0 = rng.standard_normal((B, w))
    grad_out = rng.standard_normal((B, w))
    normal = rng.standard_normal((L, w, w))
    uniform = rng.uniform(-1.0, 1.0, (L, w, w))

    std = np.array([init_std(i, w, w, sigma=par["sigma"]) for i in inits])
    bound = np.array([math.sqrt(3.0) * s if i.endswith("_uniform") else 0.0 for i, s in zip(inits, std)])
    is_uniform = np.array([i.endswith("_uniform") for i in inits])

    def weights(layer: int) -> np.ndarray:  # (N, out, in)
        return np.where(
            is_uniform[:, None, None], bound[:, None, None] * uniform[layer], std[:, None, None] * normal[layer]
        )

    n = len(inits)
    act_std = np.empty((n, L))
    wstd = np.empty((n, L))
    gw = np.empty((n, L))
    gx = np.empty((n, L))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # exploding rows go quietly to inf
        x = np.broadcast_to(x0, (n, B, w))
        inputs, slopes = [], []
        for layer in range(L):
            W = weights(layer)
            wstd[:, layer] = W.reshape(n, -1).std(axis=1)
            inputs.append(x)
            _, x, slope = evaluate(par["activation"], x @ W.transpose(0, 2, 1))
            slopes.append(slope)
            act_std[:, layer] = _rms_scaled(x, centre=True)
        g = np.broadcast_to(grad_out, (n, B, w))  # dL/d(output of the last layer)
        for layer in reversed(range(L)):
            g_pre = g * slopes[layer]
            gw[:, layer] = _rms_scaled(g_pre.transpose(0, 2, 1) @ inputs[layer], centre=False)
            g = g_pre @ weights(layer)
            gx[:, layer] = _rms_scaled(g, centre=False)
    return DepthResult(
        params=par,
        inits=np.array(inits),
        layer=np.arange(1, L + 1),
        weight_std=std,
        sampled_weight_std=wstd,
        act_std=act_std,
        weight_grad_norm=gw,
        input_grad_norm=gx,
    )
