import numpy as np


def sigmoid_then_log(logits, target):
    s = 1 / (1 + np.exp(-logits))
    return float(np.mean(-(target * np.log(s) + (1 - target) * np.log(1 - s))))


def sum_not_mean(logits, target):
    return float(np.sum(np.maximum(logits, 0) - logits * target + np.log1p(np.exp(-np.abs(logits)))))
