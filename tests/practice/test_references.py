"""The references torch has no function for, checked another way: hand-counted values and an
independent algorithm (ROC-AUC as the trapezoid area under the ROC curve)."""

from __future__ import annotations

import numpy as np
import pytest

from dltutor.practice import inputs
from dltutor.practice.references import registry

from .test_exercises import EXERCISES


def roc_area(y, s):
    """Area under the ROC curve by sweeping thresholds from high to low (ties move diagonally)."""
    pos, neg = int((y == 1).sum()), int((y == 0).sum())
    tpr, fpr = [0.0], [0.0]
    for threshold in sorted(set(s.tolist()), reverse=True):
        flagged = s >= threshold
        tpr.append((flagged & (y == 1)).sum() / pos)
        fpr.append((flagged & (y == 0)).sum() / neg)
    return float(sum((fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i]) / 2 for i in range(len(tpr) - 1)))


def test_roc_auc_matches_the_area_under_the_curve():
    ref = registry()["roc-auc"]
    for check in EXERCISES["roc-auc"].checks:
        args = inputs.build_args(check.args)
        assert ref(args) == pytest.approx(roc_area(args["y_true"], args["scores"]), abs=1e-15)
    rng = np.random.default_rng(0)
    for _ in range(20):
        y = np.r_[0, 1, rng.integers(0, 2, 30)]
        s = rng.integers(0, 5, 32).astype(float)  # many ties
        assert ref({"y_true": y, "scores": s}) == pytest.approx(roc_area(y, s), abs=1e-12)


def test_precision_recall_f1_by_hand():
    ref = registry()["precision-recall-f1"]
    mixed = {"y_true": np.array([1, 0, 1, 1, 0, 0, 1, 0]), "y_pred": np.array([1, 1, 0, 1, 0, 1, 1, 0])}
    p, r, f1 = ref(mixed)  # TP 3, FP 2, FN 1
    assert (p, r) == (0.6, 0.75) and f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35, abs=1e-15)
    assert ref({"y_true": np.array([1, 0, 1]), "y_pred": np.array([0, 0, 0])}) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("losses", "patience", "min_delta", "expected"),
    [
        ([1.0, 0.8, 0.7, 0.72, 0.71, 0.75, 0.69, 0.7], 2, 0.0, (4, 2)),
        ([1.0, 1.1, 0.9, 1.0, 0.8, 0.85, 0.9, 0.95], 3, 0.0, (7, 4)),
        ([0.5, 0.5, 0.5, 0.4], 2, 0.0, (2, 0)),
        ([1.0, 0.95, 0.92, 0.91, 0.8], 3, 0.1, (3, 0)),
        ([3.0, 2.0, 1.0], 1, 0.0, (None, 2)),
    ],
)
def test_early_stopping_by_hand(losses, patience, min_delta, expected):
    assert (
        registry()["early-stopping"]({"val_losses": losses, "patience": patience, "min_delta": min_delta}) == expected
    )


def test_every_mistake_variant_differs_from_the_reference_on_some_check():
    """A variant equal to the reference everywhere could never be recognised (or caught)."""
    from dltutor.practice.checker import expected_value
    from dltutor.practice.compare import differs

    for exercise in EXERCISES.values():
        for mistake in exercise.mistakes:
            assert any(
                differs(
                    expected_value(exercise, c), expected_value(exercise, c, mistake.id), exercise.rtol, exercise.atol
                )
                for c in exercise.checks
                if exercise.functions[c.function] and mistake.id in registry()[exercise.functions[c.function]].mistakes
            ), (exercise.id, mistake.id)
