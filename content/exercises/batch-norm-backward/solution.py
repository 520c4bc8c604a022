import numpy as np


def batch_norm_backward(x, gamma, eps, grad_out):
    mean = x.mean(axis=0)
    sigma = np.sqrt(x.var(axis=0) + eps)
    xhat = (x - mean) / sigma
    g = grad_out
    grad_x = gamma / sigma * (g - g.mean(axis=0) - xhat * (g * xhat).mean(axis=0))
    return grad_x, (g * xhat).sum(axis=0), g.sum(axis=0)
