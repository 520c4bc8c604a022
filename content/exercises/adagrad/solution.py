import numpy as np


def adagrad_step(param, grad, state_sum, step, lr, lr_decay, eps, weight_decay):
    g = grad + weight_decay * param
    clr = lr / (1 + (step - 1) * lr_decay)
    total = state_sum + g * g
    return param - clr * g / (np.sqrt(total) + eps), total
