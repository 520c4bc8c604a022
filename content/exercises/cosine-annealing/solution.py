import numpy as np


def cosine_annealing(base_lr, T_max, eta_min, epochs):
    t = np.arange(epochs)
    return eta_min + (base_lr - eta_min) * (1 + np.cos(np.pi * t / T_max)) / 2
