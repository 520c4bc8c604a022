"""Whatever a learner's function returns, the verdict is a failing check with words, never an exception."""

from __future__ import annotations

import numpy as np
import pytest

from dltutor.practice.checker import check_functions
from dltutor.practice.report import render

from .test_exercises import EXERCISES


class Weird:
    def __repr__(self):
        raise RuntimeError("no repr for you")


ODD = [
    None,
    "abc",
    {"a": 1},
    [1, "x"],
    10**400,
    -(10**30),
    float("nan"),
    float("inf"),
    True,
    Weird(),
    np.array([1 + 2j]),
    np.array(["a", "b"]),
    np.array([object(), 1], dtype=object),
    np.array([]),
    np.zeros((0, 5)),
    np.float32(0.5),
    np.bool_(True),
    np.int8(3),
    np.array(2.0),
    (i for i in range(3)),
    [[1.0, 2.0], [3.0]],
    [np.zeros(3)] * 70,
    ((((((1,),),),),),),
    np.zeros((4, 5), dtype=np.float32),
]


@pytest.mark.parametrize("exercise_id", ["softmax", "adam-step", "cross-entropy", "conv2d-shapes", "early-stopping"])
@pytest.mark.parametrize("value", ODD, ids=[type(v).__name__ + str(i) for i, v in enumerate(ODD)])
def test_an_odd_return_value_is_a_failing_check_in_words(exercise_id, value):
    exercise = EXERCISES[exercise_id]
    report = check_functions(exercise, {name: (lambda *a, **k: value) for name in exercise.functions})
    assert not report.passed
    failing = report.first_failure
    assert failing is not None and (failing.difference or failing.error)
    text = render(report)
    assert text.startswith(f"✗ {exercise_id}: check 1 of ")
