import numpy as np


def eta_min_missing(base_lr, T_max, eta_min, epochs):
    return base_lr * (1 + np.cos(np.pi * np.arange(epochs) / T_max)) / 2


def period_off_by_one(base_lr, T_max, eta_min, epochs):
    t = np.arange(epochs)
    return eta_min + (base_lr - eta_min) * (1 + np.cos(np.pi * t / (T_max - 1))) / 2
