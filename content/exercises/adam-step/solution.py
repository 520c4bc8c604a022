import numpy as np


def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay):
    beta1, beta2 = betas
    if weight_decay:
        grad = grad + weight_decay * param            # coupled: L2 added to the gradient
    m = beta1 * exp_avg + (1 - beta1) * grad
    v = beta2 * exp_avg_sq + (1 - beta2) * grad * grad
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    denom = np.sqrt(v) / np.sqrt(bias_correction2) + eps   # ε outside the root, after the correction
    return param - (lr / bias_correction1) * m / denom, m, v
