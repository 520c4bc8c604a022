"""StepLR, epoch by epoch (card: step-decay).

Write step_lr(base_lr, step_size, gamma, epochs): the learning rate torch.optim.lr_scheduler.StepLR
gives at each epoch t = 0, 1, …, epochs − 1, as a float64 array of length epochs:

    lr(t) = base_lr · γ^⌊t / step_size⌋

Check it with:  dltutor practice step-lr   (add --watch to re-check on every save)
"""

import numpy as np


def step_lr(base_lr, step_size, gamma, epochs):
    raise NotImplementedError
