import numpy as np


def naive_log_exp(x, beta, threshold):
    return np.log(1 + np.exp(beta * x)) / beta


def no_threshold(x, beta, threshold):
    return np.log1p(np.exp(beta * x)) / beta


def beta_ignored(x, beta, threshold):
    return np.where(x > threshold, x, np.log1p(np.exp(np.minimum(x, threshold))))


def naive_ratio(x, beta, threshold):
    e = np.exp(beta * x)
    return e / (1 + e)
