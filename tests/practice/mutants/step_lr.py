import numpy as np


def off_by_one(base_lr, step_size, gamma, epochs):
    return np.array([base_lr * gamma ** ((t + 1) // step_size) for t in range(epochs)])


def decays_every_epoch(base_lr, step_size, gamma, epochs):
    return base_lr * gamma ** np.arange(epochs)
