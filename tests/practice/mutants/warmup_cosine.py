import numpy as np


def cosine_not_restarted(base_lr, warmup_iters, start_factor, T_max, eta_min, epochs):
    out = []
    for t in range(epochs):
        if t < warmup_iters:
            out.append(base_lr * (start_factor + (1 - start_factor) * t / warmup_iters))
        else:
            out.append(eta_min + (base_lr - eta_min) * (1 + np.cos(np.pi * t / T_max)) / 2)
    return np.array(out)


def warmup_from_zero(base_lr, warmup_iters, start_factor, T_max, eta_min, epochs):
    t = np.arange(epochs)
    cosine = eta_min + (base_lr - eta_min) * (1 + np.cos(np.pi * (t - warmup_iters) / T_max)) / 2
    return np.where(t < warmup_iters, base_lr * t / warmup_iters, cosine)
