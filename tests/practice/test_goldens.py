"""Every expected value the checker uses agrees with PyTorch on the same inputs.

tests/practice/goldens.json holds torch's result for each check of each built-in exercise
(tools/goldens/make_practice.py, run by hand with torch installed). An exercise whose checks are
all in the file has every expected value confirmed by torch, not only by our own references."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dltutor.practice.checker import expected_value
from dltutor.practice.compare import decode, differs

from .test_exercises import EXERCISES

GOLDENS = json.loads((Path(__file__).parent / "goldens.json").read_text())["exercises"]
NOT_IN_TORCH = {"precision-recall-f1", "roc-auc", "early-stopping"}  # see test_references.py
CASES = [(e, c) for e, checks in GOLDENS.items() for c in checks]


def test_every_exercise_torch_has_is_in_the_goldens():
    assert set(EXERCISES) - NOT_IN_TORCH == set(GOLDENS)
    for exercise_id, checks in GOLDENS.items():
        assert set(checks) == {c.name for c in EXERCISES[exercise_id].checks}, exercise_id


@pytest.mark.parametrize(("exercise_id", "check_name"), CASES, ids=[f"{e}:{c}" for e, c in CASES])
def test_expected_value_matches_torch(exercise_id, check_name):
    exercise = EXERCISES[exercise_id]
    check = next(c for c in exercise.checks if c.name == check_name)
    torch_value = decode(GOLDENS[exercise_id][check_name])
    ours = expected_value(exercise, check)
    assert differs(torch_value, ours, rtol=1e-12, atol=1e-15) is None, differs(torch_value, ours, 1e-12, 1e-15)
