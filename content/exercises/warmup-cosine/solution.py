import numpy as np


def warmup_cosine(base_lr, warmup_iters, start_factor, T_max, eta_min, epochs):
    t = np.arange(epochs, dtype=float)
    warm = base_lr * (start_factor + (1 - start_factor) * t / warmup_iters)
    cosine = eta_min + (base_lr - eta_min) * (1 + np.cos(np.pi * (t - warmup_iters) / T_max)) / 2
    return np.where(t < warmup_iters, warm, cosine)
