import numpy as np


def log_of_softmax(logits, target):
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return float(np.mean(-np.log(p[np.arange(len(target)), target])))


def no_max_shift(logits, target):
    logp = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    return float(np.mean(-logp[np.arange(len(target)), target]))


def sum_not_mean(logits, target):
    m = logits.max(axis=1, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(target)), target].sum())
