import numpy as np


def eps_inside_sqrt(param, grad, state_sum, step, lr, lr_decay, eps, weight_decay):
    g = grad + weight_decay * param
    s = state_sum + g**2
    return param - lr / (1 + (step - 1) * lr_decay) * g / np.sqrt(s + eps), s


def decay_counts_from_one(param, grad, state_sum, step, lr, lr_decay, eps, weight_decay):
    g = grad + weight_decay * param
    s = state_sum + g**2
    return param - lr / (1 + step * lr_decay) * g / (np.sqrt(s) + eps), s
