import numpy as np


def step_lr(base_lr, step_size, gamma, epochs):
    t = np.arange(epochs)
    return base_lr * gamma ** (t // step_size)
