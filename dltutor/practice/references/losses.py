"""Losses from logits as torch.nn.functional computes them (mean reduction)."""

from __future__ import annotations

import numpy as np

from dltutor.practice.references import reference, unknown_mistake
from dltutor.practice.references.activations import log_softmax_rows
from dltutor.sim import activations as act


@reference("cross-entropy", mistakes=("log-of-softmax", "sum-not-mean", "no-max-shift"))
def cross_entropy(logits, target, mistake=None):
    rows = np.arange(len(target))
    if mistake == "log-of-softmax":
        logp = np.log(act.softmax(logits, axis=-1))
    elif mistake == "no-max-shift":
        logp = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    elif mistake in (None, "sum-not-mean"):
        logp = log_softmax_rows(logits)
    else:
        raise unknown_mistake(mistake)
    nll = -logp[rows, target]
    return float(nll.sum()) if mistake == "sum-not-mean" else float(nll.mean())


@reference("label-smoothing", mistakes=("spread-over-others", "true-class-not-reduced", "no-smoothing"))
def label_smoothing(logits, target, smoothing, mistake=None):
    """F.cross_entropy(logits, target, label_smoothing=ε): (1 − ε)·nll + ε·mean over classes of −log p."""
    logp = log_softmax_rows(logits)
    n, c = logp.shape
    rows = np.arange(n)
    nll = -logp[rows, target]
    uniform = -logp.mean(axis=1)
    if mistake == "spread-over-others":  # 1 − ε on the true class, ε/(C − 1) on each other one
        others = (-logp.sum(axis=1) - nll) / (c - 1)
        return float(((1 - smoothing) * nll + smoothing * others).mean())
    if mistake == "true-class-not-reduced":
        return float((nll + smoothing * uniform).mean())
    if mistake == "no-smoothing":
        return float(nll.mean())
    if mistake:
        raise unknown_mistake(mistake)
    return float(((1 - smoothing) * nll + smoothing * uniform).mean())


@reference("bce-with-logits", mistakes=("sigmoid-then-log", "sum-not-mean"))
def bce_with_logits(logits, target, mistake=None):
    x, y = np.asarray(logits, dtype=np.float64), np.asarray(target, dtype=np.float64)
    if mistake == "sigmoid-then-log":
        s = 1.0 / (1.0 + np.exp(-x))
        return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))
    # torch: (1 − y)·x + m + log(exp(−m) + exp(−x − m)) with m = max(−x, 0)
    m = np.maximum(-x, 0.0)
    loss = (1 - y) * x + m + np.log(np.exp(-m) + np.exp(-x - m))
    if mistake == "sum-not-mean":
        return float(loss.sum())
    if mistake:
        raise unknown_mistake(mistake)
    return float(loss.mean())


@reference("mse", mistakes=("factor-two-missing", "divided-by-rows", "sign-flipped"))
def mse(pred, target, mistake=None):
    """(mean of (pred − target)², its gradient with respect to pred)."""
    diff = np.asarray(pred, dtype=np.float64) - np.asarray(target, dtype=np.float64)
    loss = float(np.mean(diff * diff))
    if mistake == "factor-two-missing":
        return loss, diff / diff.size
    if mistake == "divided-by-rows":
        return loss, 2.0 * diff / diff.shape[0]
    if mistake == "sign-flipped":
        return loss, -2.0 * diff / diff.size
    if mistake:
        raise unknown_mistake(mistake)
    return loss, 2.0 * diff / diff.size
