import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    return np.maximum(x @ W1.T + b1, 0) @ W2.T + b2


def mlp_backward(x, W1, b1, W2, b2, grad_out):
    pre = x @ W1.T + b1
    h = np.maximum(pre, 0)
    dW2, db2 = grad_out.T @ h, grad_out.sum(axis=0)
    dpre = (grad_out @ W2) * (pre > 0)          # ReLU passes the gradient only where pre > 0
    return dpre.T @ x, dpre.sum(axis=0), dW2, db2, dpre @ W1
