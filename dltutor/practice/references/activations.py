"""Activations and their derivatives (from the engine), softmax, log-softmax and log-sum-exp."""

from __future__ import annotations

import math

import numpy as np

from dltutor.practice.references import reference, unknown_mistake
from dltutor.sim import activations as act

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _f(name: str, x, **params):
    return act.evaluate(name, np.asarray(x, dtype=np.float64), params or None)[1]


def _df(name: str, x, **params):
    return act.evaluate(name, np.asarray(x, dtype=np.float64), params or None)[2]


@reference("sigmoid", mistakes=("exp-ratio",))
def sigmoid(x, mistake=None):
    if mistake == "exp-ratio":
        return np.exp(x) / (1.0 + np.exp(x))
    if mistake:
        raise unknown_mistake(mistake)
    return _f("sigmoid", x)


@reference("sigmoid-grad", mistakes=("grad-of-input", "missing-one-minus"))
def sigmoid_grad(x, mistake=None):
    s = _f("sigmoid", x)
    if mistake == "grad-of-input":
        return x * (1.0 - x)
    if mistake == "missing-one-minus":
        return s * s
    if mistake:
        raise unknown_mistake(mistake)
    return _df("sigmoid", x)


@reference("tanh-grad", mistakes=("one-minus-x-squared", "square-missing"))
def tanh_grad(x, mistake=None):
    if mistake == "one-minus-x-squared":
        return 1.0 - x * x
    if mistake == "square-missing":
        return 1.0 - np.tanh(x)
    if mistake:
        raise unknown_mistake(mistake)
    return _df("tanh", x)


@reference("gelu", mistakes=("tanh-approximation", "half-missing"))
def gelu(x, mistake=None):
    if mistake == "tanh-approximation":
        return _f("gelu", x, approximate="tanh")
    if mistake == "half-missing":
        return x * (1.0 + _erf(x / math.sqrt(2.0)))
    if mistake:
        raise unknown_mistake(mistake)
    return _f("gelu", x)


@reference("gelu-grad", mistakes=("cdf-only",))
def gelu_grad(x, mistake=None):
    if mistake == "cdf-only":
        return 0.5 * (1.0 + _erf(x / math.sqrt(2.0)))
    if mistake:
        raise unknown_mistake(mistake)
    return _df("gelu", x)


@reference("softplus", mistakes=("naive-log-exp", "no-threshold", "beta-ignored"))
def softplus(x, beta=1.0, threshold=20.0, mistake=None):
    if mistake == "naive-log-exp":
        return np.log(1.0 + np.exp(beta * x)) / beta
    if mistake == "no-threshold":
        return np.log1p(np.exp(beta * x)) / beta
    if mistake == "beta-ignored":
        return _f("softplus", x, beta=1.0, threshold=threshold)
    if mistake:
        raise unknown_mistake(mistake)
    return _f("softplus", x, beta=beta, threshold=threshold)


@reference("softplus-grad", mistakes=("naive-ratio",))
def softplus_grad(x, beta=1.0, threshold=20.0, mistake=None):
    if mistake == "naive-ratio":
        return np.exp(beta * x) / (1.0 + np.exp(beta * x))
    if mistake:
        raise unknown_mistake(mistake)
    return _df("softplus", x, beta=beta, threshold=threshold)


@reference("softmax", mistakes=("no-max-shift", "wrong-axis"))
def softmax(z, mistake=None):
    if mistake == "no-max-shift":
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)
    if mistake == "wrong-axis":
        return act.softmax(z, axis=0)
    if mistake:
        raise unknown_mistake(mistake)
    return act.softmax(z, axis=-1)


def log_softmax_rows(z):
    """torch's CPU kernel: z − max − log Σ exp(z − max), along the last axis."""
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


@reference("log-softmax", mistakes=("log-of-softmax", "no-max-shift"))
def log_softmax(z, mistake=None):
    if mistake == "log-of-softmax":
        return np.log(act.softmax(z, axis=-1))
    if mistake == "no-max-shift":
        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    if mistake:
        raise unknown_mistake(mistake)
    return log_softmax_rows(z)


@reference("logsumexp", mistakes=("no-max-shift", "max-not-added-back"))
def logsumexp(x, mistake=None):
    x = np.asarray(x, dtype=np.float64)
    m = x.max(axis=-1, keepdims=True)
    if mistake == "no-max-shift":
        return np.log(np.exp(x).sum(axis=-1))
    if mistake == "max-not-added-back":
        return np.log(np.exp(x - m).sum(axis=-1))
    if mistake:
        raise unknown_mistake(mistake)
    return np.log(np.exp(x - m).sum(axis=-1)) + m[..., 0]
