"""Activations and softmax (computed by dltutor.sim.activations), and attention weights."""

from __future__ import annotations

import math

import numpy as np

from dltutor.sim.activations import evaluate, softmax
from dltutor.sim.params import nonneg

from ._base import SIG4, Generator, carried, draw_float, fixed, fmt, numeric, paren, pick, show, vec


def _x(rng, params, low=-40, high=40, zero=True):
    """x with one decimal in [low/10, high/10] (0 excluded unless zero=True), unless fixed."""

    def draw():
        while True:
            x = int(rng.integers(low, high + 1)) / 10
            if zero or x != 0:
                return x

    return fixed(params, "x", draw)


def _f(name, x, params=None):
    """(f(x), f′(x)) from the engine, as Python floats."""
    _, y, dy = evaluate(name, x, params)
    return float(y), float(dy)


# --------------------------------------------------------------------------- sigmoid


def _sigmoid_working(x, y):
    return f"σ(x) = 1/(1 + e^(−x)) = 1/(1 + e^({fmt(-x)})) = 1/(1 + {show(math.exp(-x))}) = {show(y)}"


def _sigmoid_value(rng, params):
    x = _x(rng, params)
    y, _ = _f("sigmoid", x)
    return numeric(
        f"What is the sigmoid σ(x) = 1/(1 + e^(−x)) at x = {fmt(x)}? Give it {SIG4}.",
        y,
        _sigmoid_working(x, y) + "\nσ maps any input into (0, 1), with σ(0) = 0.5 and σ(−x) = 1 − σ(x).",
        {"x": x},
    )


# σ′ = σ·(1 − σ) and tanh′ = 1 − tanh² from σ or tanh carried to 4 significant figures land within these
# of the exact value (1 − tanh² cancels badly as |tanh| → 1, hence tanh′ is asked for |x| ≤ 2.5 only).
SIGMOID_SLACK = 5e-5
TANH_SLACK = 1.5e-4


def _sigmoid_derivative(rng, params):
    x = _x(rng, params)
    y, dy = _f("sigmoid", x)
    return numeric(
        f"What is the sigmoid's derivative σ′(x) at x = {fmt(x)}? Give it {SIG4}.",
        dy,
        f"{_sigmoid_working(x, y)}\nσ′(x) = σ(x)·(1 − σ(x)) = {show(y)} × {show(1 - y)} = {show(dy)}\n"
        f"Its largest value is 0.25, at x = 0: every sigmoid layer shrinks the backward signal by ≥ 4×.",
        {"x": x},
        tolerance=carried(dy, SIGMOID_SLACK),
    )


# --------------------------------------------------------------------------- tanh


def _tanh_value(rng, params):
    x = _x(rng, params, -30, 30, zero=False)
    y, _ = _f("tanh", x)
    return numeric(
        f"What is tanh(x) at x = {fmt(x)}? Give it {SIG4}.",
        y,
        f"tanh x = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) = ({show(math.exp(x))} − {show(math.exp(-x))})/"
        f"({show(math.exp(x))} + {show(math.exp(-x))}) = {show(y)}\n"
        f"Equivalently tanh x = 2σ(2x) − 1: a sigmoid stretched to (−1, 1) and centred on 0.",
        {"x": x},
    )


def _tanh_derivative(rng, params):
    x = _x(rng, params, -25, 25)
    y, dy = _f("tanh", x)
    return numeric(
        f"What is the derivative of tanh at x = {fmt(x)}? Give it {SIG4}.",
        dy,
        f"tanh({fmt(x)}) = {show(y)}\ntanh′(x) = 1 − tanh²x = 1 − {paren(show(y))}² = {show(dy)}\n"
        f"The peak is 1 at x = 0 (four times the sigmoid's), falling towards 0 as |x| grows.",
        {"x": x},
        tolerance=carried(dy, TANH_SLACK),
    )


# --------------------------------------------------------------------------- leaky ReLU

SLOPES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3)


def _leaky_setup(rng, params, zero, positive=0.25):
    """(slope, x): x positive with probability `positive`, else negative; exactly 0 now and then when
    zero is True."""
    a = fixed(params, "negative_slope", lambda: pick(rng, SLOPES))
    if params.get("x") is not None:
        return a, float(params["x"])
    if zero and rng.random() < 0.15:
        return a, 0.0
    return a, int(rng.integers(1, 51)) / 10 * (1 if rng.random() < positive else -1)


def _leaky_relu_output(rng, params):
    a, x = _leaky_setup(rng, params, zero=False, positive=0.0)  # f(x) = x for x > 0 asks nothing
    y, _ = _f("leaky_relu", x, {"negative_slope": a})
    rule = (
        f"x > 0, so f(x) = x = {show(y)}"
        if x > 0
        else f"x ≤ 0, so f(x) = negative_slope·x = {fmt(a)} × {paren(fmt(x))} = {show(y)}"
    )
    return numeric(
        f"F.leaky_relu(x, negative_slope={fmt(a)}) at x = {fmt(x)}: what is the output? Give it {SIG4}.",
        y,
        f"Leaky ReLU: f(x) = x if x > 0 else negative_slope·x. Here {rule}.",
        {"negative_slope": a, "x": x},
    )


def _leaky_relu_derivative(rng, params):
    a, x = _leaky_setup(rng, params, zero=True)
    _, dy = _f("leaky_relu", x, {"negative_slope": a})
    rule = (
        "x > 0, so the slope is 1"
        if x > 0
        else f"x ≤ 0, so the slope is negative_slope = {fmt(a)}"
        + (" (PyTorch's autograd uses the left branch at exactly 0)" if x == 0 else "")
    )
    return numeric(
        f"F.leaky_relu(x, negative_slope={fmt(a)}): what is the derivative autograd computes at x = {fmt(x)}? "
        f"Give it as a decimal.",
        dy,
        f"f′(x) = 1 if x > 0 else negative_slope. Here {rule}: f′ = {show(dy)}.\n"
        f"Unlike ReLU, negative inputs still pass a (small) gradient back, so units cannot die.",
        {"negative_slope": a, "x": x},
    )


# --------------------------------------------------------------------------- softmax


def _softmax_working(z):
    e = np.exp(np.asarray(z, dtype=float))
    terms = ", ".join(f"e^{fmt(v)} = {show(w, 5)}" for v, w in zip(z, e))
    return e, f"{terms}\nΣ = {show(e.sum(), 6)}"


def _logits(rng, k):
    return [int(v) / 2 for v in rng.integers(-6, 7, size=k)]


def _softmax_prob(rng, params):
    k = int(rng.integers(3, 5))
    z = _logits(rng, k)
    i = int(rng.integers(k))
    s = softmax(z)
    e, working = _softmax_working(z)
    return numeric(
        f"A classifier outputs the logits z = {vec(z)} for classes 0 to {k - 1}. What probability does "
        f"softmax give class {i}? Give it {SIG4}.",
        float(s[i]),
        f"softmax(z)ᵢ = e^(zᵢ)/Σⱼ e^(zⱼ)\n{working}\n"
        f"p_{i} = {show(e[i], 5)}/{show(e.sum(), 6)} = {show(s[i])}\n"
        f"(Adding the same constant to every logit changes nothing; libraries subtract max z for stability.)",
        {"logits": z, "class": i},
    )


# --------------------------------------------------------------------------- attention


def _attention_weight(rng, params):
    d = pick(rng, (2, 4))
    n = int(rng.integers(2, 4))
    q = [int(v) for v in rng.integers(-2, 3, size=d)]
    keys = [[int(v) for v in rng.integers(-2, 3, size=d)] for _ in range(n)]
    j = int(rng.integers(n))
    dots = [sum(a * b for a, b in zip(q, k)) for k in keys]
    scores = [v / math.sqrt(d) for v in dots]
    w = softmax(scores)
    listing = ", ".join(f"k{i + 1} = {vec(k)}" for i, k in enumerate(keys))
    return numeric(
        f"Scaled dot-product attention with d_k = {d}: the query is q = {vec(q)} and the keys are {listing}. "
        f"What attention weight softmax(q·kᵢ/√d_k) does key k{j + 1} get? Give it {SIG4}.",
        float(w[j]),
        f"Dot products q·kᵢ: {', '.join(str(v) for v in dots)}\n"
        f"Divided by √d_k = {show(math.sqrt(d))}: {', '.join(show(v) for v in scores)}\n"
        f"Softmax over them: {', '.join(show(v) for v in w)}; key k{j + 1} gets {show(w[j])}.\n"
        f"The √d_k keeps the scores' spread independent of the dimension, so the softmax does not saturate.",
        {"d_k": d, "q": q, "keys": [v for k in keys for v in k], "key": j + 1},
    )


# --------------------------------------------------------------------------- the registry

_X = {"x": draw_float("the input x")}
_LEAKY = {**_X, "negative_slope": nonneg(None, "leaky ReLU's slope for x ≤ 0")}

GENERATORS = [
    Generator("sigmoid_value", "sigmoid", "σ(x)", _X, _sigmoid_value),
    Generator("sigmoid_derivative", "sigmoid", "σ′(x)", _X, _sigmoid_derivative),
    Generator("tanh_value", "tanh", "tanh(x)", _X, _tanh_value),
    Generator("tanh_derivative", "tanh", "tanh′(x)", _X, _tanh_derivative),
    Generator("leaky_relu_output", "leaky-relu", "Leaky ReLU output", _LEAKY, _leaky_relu_output),
    Generator("leaky_relu_derivative", "leaky-relu", "Leaky ReLU derivative", _LEAKY, _leaky_relu_derivative),
    Generator("softmax_prob", "softmax", "Softmax probability of a class", {}, _softmax_prob),
    Generator("attention_weight", "attention", "Scaled dot-product attention weight", {}, _attention_weight),
]
