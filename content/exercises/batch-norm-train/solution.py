import numpy as np


def batch_norm_train(x, gamma, beta, running_mean, running_var, momentum, eps):
    n = x.shape[0]
    mean = x.mean(axis=0)
    var = x.var(axis=0)                                   # biased: for the normalisation
    y = (x - mean) / np.sqrt(var + eps) * gamma + beta
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)   # unbiased: for later
    return y, new_mean, new_var
