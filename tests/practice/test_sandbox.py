"""The learner's file in a real child process: whatever it does, a clear report, never a hang
and never a dltutor traceback. (Few of these, each a real process: the rest of the suite checks
in-process.)"""

from __future__ import annotations

import time
from pathlib import Path

from dltutor.practice.checker import check_file
from dltutor.practice.report import render

from .test_exercises import EXERCISES

SOFTMAX = EXERCISES["softmax"]


def check(tmp_path: Path, source: str, timeout: float = 5.0):
    path = tmp_path / "softmax.py"
    path.write_text(source)
    start = time.monotonic()
    report = check_file(SOFTMAX, path, timeout=timeout)
    return report, render(report), time.monotonic() - start


def test_the_solution_passes_in_the_child(tmp_path):
    report, text, _ = check(tmp_path, SOFTMAX.solution.read_text())
    assert report.passed and text.startswith("✓ softmax: all 4 checks pass")


def test_a_wrong_answer_names_the_mistake(tmp_path):
    report, text, _ = check(
        tmp_path,
        "import numpy as np\ndef softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)\n",
    )
    assert not report.passed
    assert "check 2 of 4 fails: large logits" in text and "(no-max-shift)" in text
    assert "expected:" in text and "got:" in text and "came back inf or nan" in text


def test_an_endless_loop_is_stopped_by_the_timeout(tmp_path):
    report, text, took = check(tmp_path, "def softmax(z):\n    while True:\n        pass\n", timeout=1.0)
    assert report.problem_kind == "timeout" and "did not finish within 1 s in check 1" in text
    assert took < 4


def test_a_huge_allocation_is_a_memory_error_of_their_code(tmp_path):
    report, text, _ = check(
        tmp_path, "import numpy as np\ndef softmax(z):\n    big = np.ones(400_000_000)\n    return big\n"
    )
    failing = report.first_failure
    assert failing is not None and "MemoryError" in failing.error and "memory" in text
    assert 'File "' + str(tmp_path / "softmax.py") + '", line 3, in softmax' in text


def test_a_crash_of_the_interpreter_is_reported(tmp_path):
    report, text, _ = check(tmp_path, "import os, signal\ndef softmax(z):\n    os.kill(os.getpid(), signal.SIGSEGV)\n")
    assert report.problem_kind == "crashed" and "SIGSEGV" in text


def test_os_exit_and_sys_exit(tmp_path):
    report, text, _ = check(tmp_path, "import os\ndef softmax(z):\n    os._exit(0)\n")
    assert report.problem_kind == "crashed" and "ended" in text
    report, text, _ = check(tmp_path, "import sys\nsys.exit(3)\n")
    assert report.problem_kind == "load-error" and "SystemExit: 3" in text


def test_a_syntax_error_shows_the_line(tmp_path):
    report, text, _ = check(tmp_path, "def softmax(z)\n    return z\n")
    assert report.problem_kind == "syntax" and "line 1" in text and "SyntaxError" in text


def test_printing_is_kept_and_shown_briefly(tmp_path):
    source = SOFTMAX.solution.read_text().replace("def softmax(z):\n", "def softmax(z):\n    print('x' * 100000)\n")
    report, text, _ = check(tmp_path, source)
    assert report.passed and report.printed_chars >= 400000
    assert "your code printed (first lines of" in text and len(text) < 6000


def test_only_the_learners_frames_are_shown(tmp_path):
    report, text, _ = check(tmp_path, "def helper(z):\n    return z[99]\ndef softmax(z):\n    return helper(z)\n")
    assert "IndexError" in text and "line 2, in helper" in text and "line 4, in softmax" in text
    assert "dltutor" not in text.replace(str(tmp_path), "")
    assert "child.py" not in text


def test_a_missing_function_and_the_stub(tmp_path):
    report, text, _ = check(tmp_path, "def soft_max(z):\n    return z\n")
    assert "no function named softmax" in text
    report, text, _ = check(tmp_path, SOFTMAX.stub.read_text())
    assert "softmax is not written yet" in text
