import numpy as np


def rmsprop_step(param, grad, square_avg, lr, alpha, eps, weight_decay):
    g = grad + weight_decay * param
    sq = alpha * square_avg + (1 - alpha) * g * g
    return param - lr * g / (np.sqrt(sq) + eps), sq
