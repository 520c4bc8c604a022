import numpy as np


def nesterov_step(param, grad, momentum_buffer, step, lr, momentum, weight_decay):
    g = grad + weight_decay * param
    buf = g.copy() if step == 1 else momentum * momentum_buffer + g
    return param - lr * (g + momentum * buf), buf
