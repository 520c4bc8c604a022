import numpy as np


def ties_as_wins(y_true, scores):
    pos, neg = scores[y_true == 1], scores[y_true == 0]
    return float(np.mean(pos[:, None] >= neg[None, :]))


def ties_as_losses(y_true, scores):
    pos, neg = scores[y_true == 1], scores[y_true == 0]
    return float(np.mean(pos[:, None] > neg[None, :]))
