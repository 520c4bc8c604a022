import numpy as np


def dropout_forward(x, p, mask):
    return x * mask / (1 - p)      # kept units scaled up: the expected value is unchanged


def dropout_backward(grad_out, p, mask):
    return grad_out * mask / (1 - p)
