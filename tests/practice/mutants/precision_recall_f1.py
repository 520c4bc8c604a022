import numpy as np


def swapped(y_true, y_pred):
    tp = np.sum(y_true * y_pred)
    p = tp / y_true.sum() if y_true.sum() else 0.0
    r = tp / y_pred.sum() if y_pred.sum() else 0.0
    return float(p), float(r), float(2 * p * r / (p + r)) if p + r else 0.0


def arithmetic_mean(y_true, y_pred):
    tp = np.sum(y_true * y_pred)
    p = tp / y_pred.sum() if y_pred.sum() else 0.0
    r = tp / y_true.sum() if y_true.sum() else 0.0
    return float(p), float(r), float((p + r) / 2)


def nan_on_zero_division(y_true, y_pred):
    with np.errstate(invalid="ignore", divide="ignore"):
        tp = np.sum(y_true * y_pred)
        p = np.float64(tp) / y_pred.sum()
        r = np.float64(tp) / y_true.sum()
        return float(p), float(r), float(2 * p * r / (p + r))
