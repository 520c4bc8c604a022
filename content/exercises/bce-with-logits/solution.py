import numpy as np


def bce_with_logits(logits, target):
    loss = np.maximum(logits, 0) - logits * target + np.log1p(np.exp(-np.abs(logits)))
    return float(loss.mean())
