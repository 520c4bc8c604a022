"""The three losses, as torch's modules compute them (reduction='mean'), batched over R networks.

- ``mse``: nn.MSELoss, the mean of (output − target)² over every element. For two classes the
  targets are Playground's −1 and +1 and a point counts as class 1 where the output is > 0.
- ``bce``: nn.BCEWithLogitsLoss on one logit z, targets 0 and 1:
  mean((1 − y)·z − log σ(z)), computed without overflow; class 1 where z > 0.
- ``cross-entropy``: nn.CrossEntropyLoss on K logits and class indices: mean(logsumexp(z) − z_y).

Each returns the loss per network (R,) and, when asked, dL/d(output) (R, B, K).
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray

LOSSES = {
    "mse": "nn.MSELoss: mean (output − target)²; two classes use targets −1 and +1",
    "bce": "nn.BCEWithLogitsLoss: binary cross-entropy on one logit",
    "cross-entropy": "nn.CrossEntropyLoss: softmax cross-entropy on K logits",
}


def targets(loss: str, y: Array, classes: int) -> Array:
    """What the loss compares the output with, for labels y (class indices or values).

    mse: (n, 1) values, or ±1 for two classes; bce: (n, 1) 0/1; cross-entropy: (n, K) one-hot.
    """
    if loss == "mse":
        t = y.astype(np.float64) if classes == 0 else np.where(y == 1, 1.0, -1.0)
        return t.reshape(-1, 1)
    if loss == "bce":
        return y.astype(np.float64).reshape(-1, 1)
    return np.eye(classes)[y]


def outputs(loss: str, classes: int) -> int:
    """Output units the loss needs."""
    return classes if loss == "cross-entropy" else 1


def loss_and_grad(loss: str, out: Array, t: Array, grad: bool = True) -> tuple[Array, Array | None]:
    """Mean loss per network and dL/d(out), for outputs (R, B, K) -> (R,) or (B, K) -> a scalar,
    and targets (B, K). Callers silence floating-point warnings (a diverging run overflows here)."""
    reduce = np.add.reduce
    n = out.shape[-2]
    if loss == "mse":
        diff = out - t
        size = n * out.shape[-1]
        value = reduce(diff * diff, axis=(-2, -1)) / size
        if grad:
            diff *= 2.0 / size
        return value, diff if grad else None
    if loss == "bce":
        # (1 − y)·z − log σ(z), with log σ(z) = min(z, 0) − log1p(exp(−|z|))
        e = np.exp(-np.abs(out))
        np.log1p(e, out=e)
        terms = (1.0 - t) * out
        terms -= np.minimum(out, 0.0)
        terms += e
        value = reduce(terms, axis=(-2, -1)) / n
        if not grad:
            return value, None
        s = np.exp(-out)  # σ(z) = 1 / (1 + e^−z); e^−z = inf gives 0, the right limit
        s += 1.0
        np.divide(1.0, s, out=s)
        s -= t
        s *= 1.0 / n
        return value, s
    # cross-entropy
    m = np.maximum.reduce(out, axis=-1, keepdims=True)
    e = np.exp(out - m)
    total = reduce(e, axis=-1, keepdims=True)
    lse = np.log(total)
    lse += m
    value = (reduce(lse, axis=(-2, -1)) - reduce(out * t, axis=(-2, -1))) / n
    if not grad:
        return value, None
    e /= total
    e -= t
    e *= 1.0 / n
    return value, e


def predict(loss: str, out: Array) -> Array:
    """Predicted class per point (R, n): argmax of K logits, else output > 0."""
    if loss == "cross-entropy":
        return out.argmax(axis=2)
    return (out[..., 0] > 0).astype(np.int64)


def accuracy(loss: str, out: Array, y: Array) -> Array:
    """Share of points whose predicted class is y, per network (R,)."""
    return (predict(loss, out) == y).mean(axis=1)
