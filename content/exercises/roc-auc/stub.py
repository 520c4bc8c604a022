"""ROC-AUC, ties included (card: precision-recall-f1).

Write roc_auc(y_true, scores): y_true holds 0/1 labels (both present), scores a float per example.
Return the area under the ROC curve (a float), as sklearn.metrics.roc_auc_score computes it:

    AUC = (number of (positive, negative) pairs with score_pos > score_neg
           + ½ · number of pairs with equal scores) / (number of positives · number of negatives)

Check it with:  dltutor practice roc-auc   (add --watch to re-check on every save)
"""

import numpy as np


def roc_auc(y_true, scores):
    raise NotImplementedError
