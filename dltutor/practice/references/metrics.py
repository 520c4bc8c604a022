"""Classification metrics and early stopping: plain counting, with the conventions spelled out."""

from __future__ import annotations

import numpy as np

from dltutor.practice.references import reference, unknown_mistake


@reference("precision-recall-f1", mistakes=("swapped", "arithmetic-mean", "nan-on-zero-division"))
def precision_recall_f1(y_true, y_pred, mistake=None):
    """Binary labels 0/1. A ratio with nothing to count (0/0) is 0.0, as scikit-learn's default."""
    t, p = np.asarray(y_true).astype(bool), np.asarray(y_pred).astype(bool)
    tp, fp, fn = int(np.sum(t & p)), int(np.sum(~t & p)), int(np.sum(t & ~p))

    def ratio(a, b):
        if b == 0:
            return float("nan") if mistake == "nan-on-zero-division" else 0.0
        return a / b

    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    if mistake == "swapped":
        precision, recall = recall, precision
    if mistake == "arithmetic-mean":
        return precision, recall, (precision + recall) / 2
    if mistake not in (None, "swapped", "nan-on-zero-division"):
        raise unknown_mistake(mistake)
    f1 = ratio(2 * precision * recall, precision + recall)
    return precision, recall, f1


@reference("roc-auc", mistakes=("ties-as-wins", "ties-as-losses"))
def roc_auc(y_true, scores, mistake=None):
    """P(score of a random positive > score of a random negative), a tie counting one half."""
    y, s = np.asarray(y_true).astype(bool), np.asarray(scores, dtype=np.float64)
    pos, neg = s[y], s[~y]
    wins = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    weight = {"ties-as-wins": 1.0, "ties-as-losses": 0.0}.get(mistake, 0.5)
    if mistake not in (None, "ties-as-wins", "ties-as-losses"):
        raise unknown_mistake(mistake)
    return float((wins + weight * ties) / (len(pos) * len(neg)))


@reference("early-stopping", mistakes=("wait-not-reset", "ties-improve", "min-delta-ignored"))
def early_stopping(val_losses, patience, min_delta, mistake=None):
    """(the epoch training stops after, or None if it never stops; the best epoch).

    An epoch improves when its loss < best − min_delta; training stops at the epoch where
    `patience` epochs in a row have not improved (Keras and Lightning, mode "min")."""
    best, best_epoch, wait = float("inf"), None, 0
    for epoch, loss in enumerate(val_losses):
        delta = 0.0 if mistake == "min-delta-ignored" else min_delta
        better = loss <= best - delta if mistake == "ties-improve" else loss < best - delta
        if better:
            best, best_epoch = loss, epoch
            if mistake != "wait-not-reset":
                wait = 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    if mistake not in (None, "wait-not-reset", "ties-improve", "min-delta-ignored"):
        raise unknown_mistake(mistake)
    return None, best_epoch
