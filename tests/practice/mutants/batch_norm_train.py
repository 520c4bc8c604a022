import numpy as np


def biased_running_var(x, gamma, beta, running_mean, running_var, momentum, eps):
    mean, var = x.mean(axis=0), x.var(axis=0)
    y = (x - mean) / np.sqrt(var + eps) * gamma + beta
    return y, (1 - momentum) * running_mean + momentum * mean, (1 - momentum) * running_var + momentum * var


def unbiased_normalisation(x, gamma, beta, running_mean, running_var, momentum, eps):
    mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
    y = (x - mean) / np.sqrt(var + eps) * gamma + beta
    return y, (1 - momentum) * running_mean + momentum * mean, (1 - momentum) * running_var + momentum * var


def momentum_swapped(x, gamma, beta, running_mean, running_var, momentum, eps):
    mean, var = x.mean(axis=0), x.var(axis=0)
    y = (x - mean) / np.sqrt(var + eps) * gamma + beta
    unbiased = x.var(axis=0, ddof=1)
    return y, momentum * running_mean + (1 - momentum) * mean, momentum * running_var + (1 - momentum) * unbiased


def eps_outside_sqrt(x, gamma, beta, running_mean, running_var, momentum, eps):
    mean, var = x.mean(axis=0), x.var(axis=0)
    y = (x - mean) / (np.sqrt(var) + eps) * gamma + beta
    unbiased = x.var(axis=0, ddof=1)
    return y, (1 - momentum) * running_mean + momentum * mean, (1 - momentum) * running_var + momentum * unbiased
