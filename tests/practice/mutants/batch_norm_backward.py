import numpy as np


def statistics_held_constant(x, gamma, eps, grad_out):
    sigma = np.sqrt(x.var(axis=0) + eps)
    xhat = (x - x.mean(axis=0)) / sigma
    return grad_out * gamma / sigma, (grad_out * xhat).sum(axis=0), grad_out.sum(axis=0)


def mean_path_only(x, gamma, eps, grad_out):
    sigma = np.sqrt(x.var(axis=0) + eps)
    xhat = (x - x.mean(axis=0)) / sigma
    dx = gamma / sigma * (grad_out - grad_out.mean(axis=0))
    return dx, (grad_out * xhat).sum(axis=0), grad_out.sum(axis=0)


def beta_grad_averaged(x, gamma, eps, grad_out):
    n = len(x)
    sigma = np.sqrt(x.var(axis=0) + eps)
    xhat = (x - x.mean(axis=0)) / sigma
    dxhat = grad_out * gamma
    dx = (n * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)) / (n * sigma)
    return dx, (grad_out * xhat).sum(axis=0), grad_out.mean(axis=0)
