"""Activation functions and their derivatives, computed the way PyTorch computes them.

Names, parameter names and defaults are those of ``torch.nn.functional``. Forward values use
torch's CPU forward formulas (ELU via expm1, softplus with its linear ``threshold`` branch, ...)
and derivatives use torch's *backward* formulas, not the textbook ones, so that what a learner
sees here agrees with ``x.grad`` from autograd to the last digits: at kinks (relu'(0) = 0,
hardtanh' = 0 on its limits), and in saturation (sigmoid' = y·(1 − y) from the output y, so it
becomes exactly 0 where y rounds to 1). ``tests/goldens/activations.json`` (made by
``tools/goldens/make_activations.py`` from torch) is the proof.

Like torch, some formulas evaluate both branches of a ``where`` and let IEEE arithmetic overflow
to inf in the branch that is thrown away (exp(1000) in sigmoid at x = -1000 gives 1/inf = 0).
That is intended, so each such spot silences NumPy's warning locally; the results are finite,
with the right limits, for all parameter values the specs accept and any |x| <= 1e100.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from dltutor.sim.params import CHOICE, FLOAT, Param, ParamError, fill, nonneg

# torch's constants (ATen Activation.h / torch._refs): spelled as torch spells them.
M_SQRT2 = 1.41421356237309504880
M_SQRT1_2 = 0.70710678118654752440
M_2_SQRTPI = 1.12837916709551257390
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
GELU_KAPPA = 0.044715
# torch's hardsigmoid_backward CPU kernel multiplies by the float constant 1.0f / 6.0f, also
# for float64 tensors: autograd's slope is 0.1666666716337204, not 1/6 = 0.16666666666666666.
HARDSIGMOID_SLOPE = float(np.float32(1.0) / np.float32(6.0))

# libm's erf and tanh, one element at a time: fine for plot-sized grids. np.tanh is not used
# because on AVX-512 NumPy's own SIMD tanh is off by an ulp far more often than libm is, and in
# the tails (1 − tanh², 1 + tanh) one ulp is the whole answer; libm agrees with torch there.
# Past LIBM_LIMIT elements (a network's activations, not a plot's grid) NumPy's own tanh is used:
# 20x faster, and there the last bit does not matter.
_erf = np.vectorize(math.erf, otypes=[np.float64])
_tanh_each = np.vectorize(math.tanh, otypes=[np.float64])
LIBM_LIMIT = 4096


def _tanh_libm(x: np.ndarray) -> np.ndarray:
    return _tanh_each(x) if np.size(x) <= LIBM_LIMIT else np.tanh(x)


def _quiet() -> np.errstate:
    """Silence overflow in a branch torch also lets overflow (see the module docstring)."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore")


Pair = tuple[np.ndarray, np.ndarray]


def _one_minus_square(y: np.ndarray) -> np.ndarray:
    """1 − y², rounded once, as torch's kernels get it from a fused multiply-add.

    torch's CPU kernels, as compiled, fuse ``1 - y * y`` (the saturated tanh′ goldens all equal
    the exact 1 − y² rounded once). Where |y| ≈ 1 a separately rounded y·y would lose the last
    bits, which there are most of the answer. NumPy has no fma,
    so split y·y exactly into p + e (Dekker's product) and subtract in two steps; for |y| >= 1/√2,
    1 − p is exact (Sterbenz) and the result is correctly rounded, like the FMA.
    """
    p = y * y
    c = 134217729.0 * y  # 2**27 + 1: Veltkamp split of y into 26-bit halves
    hi = c - (c - y)
    lo = y - hi
    e = ((hi * hi - p) + 2.0 * hi * lo) + lo * lo  # y*y == p + e exactly
    s = 1.0 - p
    b = s - 1.0
    err = (1.0 - (s - b)) + (-p - b)  # 1 - p == s + err exactly (Knuth's two-sum)
    return s + (err - e)


# --- the functions: x (float64 array) and params -> (f(x), f'(x)) -----------------------------


def _identity(x, p) -> Pair:
    return x.copy(), np.ones_like(x)


def _sigmoid(x, p) -> Pair:
    with _quiet():  # exp(-x) -> inf for x < -709: y = 1/inf = 0, as in torch
        y = 1.0 / (1.0 + np.exp(-x))
    return y, y * (1.0 - y)  # sigmoid_backward works from the output


def _tanh(x, p) -> Pair:
    y = _tanh_libm(x)
    return y, _one_minus_square(y)  # tanh_backward works from the output


def _relu(x, p) -> Pair:
    y = np.where(x <= 0, 0.0, x)
    return y, np.where(y <= 0, 0.0, 1.0)  # threshold_backward(grad, result, 0): relu'(0) = 0


def _leaky_relu(x, p) -> Pair:
    a = p["negative_slope"]
    return np.where(x > 0, x, x * a), np.where(x > 0, 1.0, a)


def _elu_like(x, alpha: float, scale: float) -> Pair:
    """torch's elu kernel (input_scale = 1): x <= 0 takes the exponential branch, also for f'(0)."""
    negcoef = alpha * scale
    with _quiet():  # expm1/exp of large positive x: the branch that is discarded
        y = np.where(x > 0, x * scale, np.expm1(x) * negcoef)
        dy = np.where(x <= 0, negcoef * np.exp(x), scale)
    return y, dy


def _elu(x, p) -> Pair:
    return _elu_like(x, p["alpha"], 1.0)


def _selu(x, p) -> Pair:
    return _elu_like(x, SELU_ALPHA, SELU_SCALE)


def _gelu(x, p) -> Pair:
    if p["approximate"] == "tanh":
        k_beta = M_SQRT2 * M_2_SQRTPI * 0.5  # sqrt(2/pi)
        x_sq = x * x
        inner = k_beta * (x + GELU_KAPPA * (x_sq * x))
        t = _tanh_libm(inner)
        y = 0.5 * x * (1.0 + t)
        left = 0.5 * x
        dy = 0.5 * (1.0 + t) + left * _one_minus_square(t) * (k_beta * (1.0 + 3.0 * GELU_KAPPA * x_sq))
        return y, dy
    k_beta = M_2_SQRTPI * M_SQRT1_2 * 0.5  # 1/sqrt(2 pi)
    erf = _erf(x * M_SQRT1_2)
    y = x * 0.5 * (1.0 + erf)
    cdf = 0.5 * (1.0 + erf)
    pdf = k_beta * np.exp(x * x * -0.5)
    return y, cdf + x * pdf


def _silu(x, p) -> Pair:
    with _quiet():
        e = 1.0 + np.exp(-x)
    s = 1.0 / e
    return x / e, s * (1.0 + x * (1.0 - s))


def _mish(x, p) -> Pair:
    """As torch's CPU kernel: tanh(log1p(exp(x))) with no softplus threshold; past x ≈ 709 exp
    overflows to inf and tanh(inf) = 1, the right limit."""
    with _quiet():
        t = _tanh_libm(np.log1p(np.exp(x)))
        s = 1.0 / (1.0 + np.exp(-x))
    return x * t, t + x * s * _one_minus_square(t)


def _softplus(x, p) -> Pair:
    beta, threshold = p["beta"], p["threshold"]
    bx = x * beta
    linear = bx > threshold
    with _quiet():  # exp(bx) overflows only where the linear branch is taken
        z = np.exp(bx)
        y = np.where(linear, x, np.log1p(z) / beta)
        dy = np.where(linear, 1.0, z / (z + 1.0))
    return y, dy


def _softsign(x, p) -> Pair:
    """F.softsign is x / (|x| + 1) built from torch ops; f' is what autograd makes of that."""
    b = np.abs(x) + 1.0
    y = x / b
    return y, 1.0 / b + -((x / b) / b) * np.sign(x)  # div backward (both inputs) + abs backward


def _hardtanh(x, p) -> Pair:
    lo, hi = p["min_val"], p["max_val"]
    return np.clip(x, lo, hi), np.where((x <= lo) | (x >= hi), 0.0, 1.0)


def _hardsigmoid(x, p) -> Pair:
    y = np.minimum(np.maximum(x + 3.0, 0.0), 6.0) / 6.0  # the CPU kernel's order
    return y, np.where((x > -3.0) & (x < 3.0), HARDSIGMOID_SLOPE, 0.0)


# --- the catalogue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activation:
    """One activation: what to call it, how it is written, its knobs, and how to compute it."""

    name: str  # torch's name: "leaky_relu"
    title: str  # for humans: "Leaky ReLU"
    formula: str  # Unicode, no LaTeX
    torch: str  # where it lives in PyTorch
    params: dict[str, Param]
    dformula: str  # the derivative, as torch's backward computes it
    fn: Callable[[np.ndarray, dict[str, Any]], Pair] = field(repr=False, compare=False)


_F = "torch.nn.functional."

ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation("identity", "Identity", "f(x) = x", "torch.nn.Identity", {}, "f′(x) = 1", _identity),
        Activation(
            "sigmoid", "Sigmoid", "σ(x) = 1 / (1 + e⁻ˣ)", _F + "sigmoid", {}, "σ′(x) = σ(x)·(1 − σ(x))", _sigmoid
        ),
        Activation(
            "tanh", "Tanh", "f(x) = tanh x = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)", _F + "tanh", {}, "f′(x) = 1 − tanh²x", _tanh
        ),
        Activation("relu", "ReLU", "f(x) = max(0, x)", _F + "relu", {}, "f′(x) = 1 if x > 0 else 0", _relu),
        Activation(
            "leaky_relu",
            "Leaky ReLU",
            "f(x) = x if x > 0 else negative_slope·x",
            _F + "leaky_relu",
            {"negative_slope": nonneg(0.01, "slope for x <= 0, so negative inputs keep a small gradient")},
            "f′(x) = 1 if x > 0 else negative_slope",
            _leaky_relu,
        ),
        Activation(
            "elu",
            "ELU",
            "f(x) = x if x > 0 else α·(eˣ − 1)",
            _F + "elu",
            {"alpha": nonneg(1.0, "α: the value ELU approaches as x → −∞ is −α")},
            "f′(x) = 1 if x > 0 else α·eˣ",
            _elu,
        ),
        Activation(
            "selu",
            "SELU",
            "f(x) = scale·(x if x > 0 else α·(eˣ − 1)),  α ≈ 1.6733, scale ≈ 1.0507",
            _F + "selu",
            {},
            "f′(x) = scale if x > 0 else scale·α·eˣ",
            _selu,
        ),
        Activation(
            "gelu",
            "GELU",
            "f(x) = x·Φ(x) = x·½(1 + erf(x/√2));  tanh: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))",
            _F + "gelu",
            {
                "approximate": Param(
                    "none",
                    CHOICE,
                    choices=("none", "tanh"),
                    doc="'none': exact, with erf; 'tanh': the tanh approximation",
                )
            },
            "f′(x) = Φ(x) + x·φ(x)  (φ: the standard normal density)",
            _gelu,
        ),
        Activation("silu", "SiLU (Swish)", "f(x) = x·σ(x)", _F + "silu", {}, "f′(x) = σ(x)·(1 + x·(1 − σ(x)))", _silu),
        Activation(
            "mish",
            "Mish",
            "f(x) = x·tanh(softplus(x)) = x·tanh(ln(1 + eˣ))",
            _F + "mish",
            {},
            "f′(x) = t + x·σ(x)·(1 − t²),  t = tanh(softplus(x))",
            _mish,
        ),
        Activation(
            "softplus",
            "Softplus",
            "f(x) = (1/β)·ln(1 + e^(βx)), or x where βx > threshold",
            _F + "softplus",
            {
                "beta": Param(
                    1.0, FLOAT, low=0.0, high=100.0, low_open=True, doc="β: sharpness; larger β bends closer to ReLU"
                ),
                "threshold": Param(
                    20.0, FLOAT, low=0.0, high=100.0, doc="where βx > threshold, f(x) is exactly x (no exp to overflow)"
                ),
            },
            "f′(x) = e^(βx) / (e^(βx) + 1), or 1 where βx > threshold",
            _softplus,
        ),
        Activation(
            "softsign", "Softsign", "f(x) = x / (1 + |x|)", _F + "softsign", {}, "f′(x) = 1 / (1 + |x|)²", _softsign
        ),
        Activation(
            "hardtanh",
            "Hardtanh",
            "f(x) = clamp(x, min_val, max_val)",
            _F + "hardtanh",
            {
                "min_val": Param(-1.0, FLOAT, doc="lower limit of the linear region"),
                "max_val": Param(1.0, FLOAT, doc="upper limit of the linear region"),
            },
            "f′(x) = 1 if min_val < x < max_val else 0",
            _hardtanh,
        ),
        Activation(
            "hardsigmoid",
            "Hardsigmoid",
            "f(x) = clamp(x/6 + ½, 0, 1)",
            _F + "hardsigmoid",
            {},
            "f′(x) = 1/6 if −3 < x < 3 else 0",
            _hardsigmoid,
        ),
    ]
}


def get(name: str) -> Activation:
    """The activation called name, or a ValueError listing the valid names."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}") from None


def check_params(name: str, params: dict | None = None) -> dict[str, Any]:
    """params with defaults filled in; unknown names and out-of-range values raise ValueError."""
    act = get(name)
    used = fill(act.params, params, name)
    for key, value in used.items():
        if act.params[key].kind == FLOAT:
            if np.ndim(value) != 0 or isinstance(value, (bool, np.bool_)):
                raise ParamError(name, key, f"must be a single number, got {value!r}")
            used[key] = float(value)
    if name == "hardtanh" and not used["min_val"] < used["max_val"]:  # torch allows ==: a constant
        raise ParamError(
            name, "min_val", f"must be < {name}.max_val (got min_val={used['min_val']:g}, max_val={used['max_val']:g})"
        )
    return used


def evaluate(name: str, x, params: dict | None = None) -> tuple[dict, np.ndarray, np.ndarray]:
    """-> (params actually used with defaults filled in, f(x), f′(x)); x any shape, float64."""
    used = check_params(name, params)
    y, dy = ACTIVATIONS[name].fn(np.asarray(x, dtype=np.float64), used)
    return used, np.asarray(y), np.asarray(dy)


# --- softmax --------------------------------------------------------------------------------------


def softmax(z, axis: int = -1) -> np.ndarray:
    """exp(z − max z) / Σ exp(z − max z) along axis: the shift keeps huge logits finite.

    Multiplies by the reciprocal of the sum, as torch's CPU kernel does (same last digits).
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e * (1.0 / np.sum(e, axis=axis, keepdims=True))


def softmax_jacobian(z) -> np.ndarray:
    """∂s_i/∂z_j = s_j·(δ_ij − s_i) over the last axis: (..., K) -> (..., K, K) = diag(s) − s sᵀ.

    Written as torch's softmax backward computes it (s·(g − Σ g·s) with g = e_i), so the
    diagonal is s·(1 − s) to the last digit; the matrix is exactly symmetric.
    """
    s = softmax(z, axis=-1)
    return s[..., None, :] * (np.eye(s.shape[-1]) - s[..., :, None])


# --- masks for plots ----------------------------------------------------------------------------


def dead(dy) -> np.ndarray:
    """f′(x) == 0 exactly: no gradient flows back at all (relu for x <= 0, hardtanh beyond its
    limits). Float64 also rounds deep saturation to exactly 0 (tanh′ for |x| > ~19, sigmoid′ for
    x > ~37), which is what autograd sees there too."""
    return np.asarray(dy) == 0


def saturated(dy, tol: float = 0.05) -> np.ndarray:
    """0 < |f′(x)| < tol: a gradient flows, but barely (sigmoid's tails, leaky_relu's left side).

    tol is absolute, not relative to the plotted range, so the same x is marked whatever window
    is shown; the activations here all have peak slopes of order 1 (sigmoid's is 0.25).
    Disjoint from dead(dy), so a plot can colour the two differently.
    """
    a = np.abs(np.asarray(dy))
    return (a > 0) & (a < tol)
