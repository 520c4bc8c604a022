import numpy as np


def batch_statistics(x, gamma, beta, running_mean, running_var, eps):
    return (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) * gamma + beta


def eps_outside_sqrt(x, gamma, beta, running_mean, running_var, eps):
    return (x - running_mean) / (np.sqrt(running_var) + eps) * gamma + beta
