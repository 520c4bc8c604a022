import numpy as np


def sgd_momentum_step(param, grad, momentum_buffer, step, lr, momentum, dampening, weight_decay):
    g = grad + weight_decay * param
    if step == 1:
        buf = g.copy()                                   # torch: the first buffer is the gradient
    else:
        buf = momentum * momentum_buffer + (1 - dampening) * g
    return param - lr * buf, buf
