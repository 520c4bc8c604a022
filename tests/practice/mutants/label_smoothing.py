import numpy as np


def _logp(logits):
    m = logits.max(axis=1, keepdims=True)
    return logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))


def spread_over_others(logits, target, smoothing):
    logp = _logp(logits)
    n, c = logp.shape
    q = np.full((n, c), smoothing / (c - 1))
    q[np.arange(n), target] = 1 - smoothing
    return float(-(q * logp).sum(axis=1).mean())


def true_class_not_reduced(logits, target, smoothing):
    logp = _logp(logits)
    n, c = logp.shape
    q = np.full((n, c), smoothing / c)
    q[np.arange(n), target] += 1
    return float(-(q * logp).sum(axis=1).mean())


def no_smoothing(logits, target, smoothing):
    logp = _logp(logits)
    return float(-logp[np.arange(len(target)), target].mean())
