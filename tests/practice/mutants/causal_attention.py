import numpy as np


def _softmax(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _mask(t):
    return np.triu(np.ones((t, t)), 1).astype(bool)


def no_scaling(q, k, v):
    s = q @ np.swapaxes(k, -1, -2)
    return _softmax(np.where(_mask(q.shape[-2]), -np.inf, s)) @ v


def scaled_by_d(q, k, v):
    s = q @ np.swapaxes(k, -1, -2) / q.shape[-1]
    return _softmax(np.where(_mask(q.shape[-2]), -np.inf, s)) @ v


def mask_transposed(q, k, v):
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    return _softmax(np.where(_mask(q.shape[-2]).T, -np.inf, s)) @ v


def masked_with_zero(q, k, v):
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    return _softmax(np.where(_mask(q.shape[-2]), 0.0, s)) @ v
