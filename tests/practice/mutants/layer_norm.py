import numpy as np


def over_batch_axis(x, weight, bias, eps):
    return (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) * weight + bias


def unbiased_variance(x, weight, bias, eps):
    mean = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, ddof=1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def eps_outside_sqrt(x, weight, bias, eps):
    mean = x.mean(axis=1, keepdims=True)
    return (x - mean) / (x.std(axis=1, keepdims=True) + eps) * weight + bias
