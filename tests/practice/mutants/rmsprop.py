import numpy as np


def eps_inside_sqrt(param, grad, square_avg, lr, alpha, eps, weight_decay):
    g = grad + weight_decay * param
    s = alpha * square_avg + (1 - alpha) * g**2
    return param - lr * g / np.sqrt(s + eps), s


def alpha_swapped(param, grad, square_avg, lr, alpha, eps, weight_decay):
    g = grad + weight_decay * param
    s = (1 - alpha) * square_avg + alpha * g**2
    return param - lr * g / (np.sqrt(s) + eps), s
