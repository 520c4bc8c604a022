import numpy as np


def _adam(param, grad, m, v, t, lr, betas, eps):
    b1, b2 = betas
    m = b1 * m + (1 - b1) * grad
    v = b2 * v + (1 - b2) * grad**2
    return param - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps), m, v


def decay_after_step(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay):
    p, m, v = _adam(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps)
    return p - lr * weight_decay * p, m, v


def coupled_l2(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay):
    return _adam(param, grad + weight_decay * param, exp_avg, exp_avg_sq, step, lr, betas, eps)


def decay_without_lr(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay):
    return _adam(param * (1 - weight_decay), grad, exp_avg, exp_avg_sq, step, lr, betas, eps)


def no_bias_correction(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay):
    b1, b2 = betas
    param = param * (1 - lr * weight_decay)
    m = b1 * exp_avg + (1 - b1) * grad
    v = b2 * exp_avg_sq + (1 - b2) * grad**2
    return param - lr * m / (np.sqrt(v) + eps), m, v
