"""Precision, recall and F1 (card: precision-recall-f1).

Write precision_recall_f1(y_true, y_pred) for two int arrays of 0/1 labels of the same length.
Return three floats (precision, recall, f1):

    precision = TP / (TP + FP)      recall = TP / (TP + FN)      f1 = 2·P·R / (P + R)

A ratio whose denominator is 0 is 0.0 (scikit-learn's default, zero_division="warn").
Check it with:  dltutor practice precision-recall-f1   (add --watch to re-check on every save)
"""

import numpy as np


def precision_recall_f1(y_true, y_pred):
    raise NotImplementedError
