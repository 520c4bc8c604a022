import numpy as np


def softplus(x, beta, threshold):
    bx = beta * x
    with np.errstate(over="ignore"):          # e^(βx) may overflow only where it is not used
        smooth = np.log1p(np.exp(bx)) / beta
    return np.where(bx > threshold, x, smooth)


def softplus_grad(x, beta, threshold):
    bx = beta * x
    with np.errstate(over="ignore"):
        s = 1.0 / (1.0 + np.exp(-bx))
    return np.where(bx > threshold, 1.0, s)
