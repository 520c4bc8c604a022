"""`dltutor practice` as a user runs it: real processes, a private home."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from .test_exercises import EXERCISES


def run(*args, home: Path, timeout: float = 60):
    env = {**os.environ, "DLTUTOR_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "dltutor", "practice", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def test_the_list_shows_topics_states_and_what_to_run_next(tmp_path):
    out = run(home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Optimizers" in out.stdout and "adam-step" in out.stdout and "not started" in out.stdout
    assert f"0 of {len(EXERCISES)} passed" in out.stdout and "Next: dltutor practice" in out.stdout


def test_write_check_fail_then_pass_and_never_overwrite(tmp_path):
    out = run("softmax", home=tmp_path)
    path = tmp_path / "practice" / "softmax.py"
    assert out.returncode == 1 and f"Wrote: {path}" in out.stdout
    assert "softmax is not written yet" in out.stdout and "Traceback" not in out.stderr
    path.write_text(EXERCISES["softmax"].solution.read_text() + "\n# mine\n")
    out = run("softmax", home=tmp_path)
    assert out.returncode == 0, out.stdout
    assert f"Your file: {path}" in out.stdout and "all 4 checks pass" in out.stdout
    assert "The reference solution" in out.stdout  # shown after a pass
    assert path.read_text().endswith("# mine\n")  # the learner's work is kept
    listing = run(home=tmp_path).stdout
    assert "✓ passed" in listing and f"1 of {len(EXERCISES)} passed" in listing
    stats = subprocess.run(
        [sys.executable, "-m", "dltutor", "stats", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "DLTUTOR_HOME": str(tmp_path)},
        timeout=60,
    )
    assert '"exercises_passed": 1' in stats.stdout


def test_dir_hint_and_solution(tmp_path):
    out = run("adam-step", "--dir", str(tmp_path / "work"), home=tmp_path / "home")
    assert (tmp_path / "work" / "adam_step.py").is_file() and out.returncode == 1
    first = run("adam-step", "--hint", home=tmp_path / "home")
    second = run("adam-step", "--hint", home=tmp_path / "home")
    assert "Hint 1 of" in first.stdout and "Hint 2 of" not in first.stdout
    assert "Hint 1 of" in second.stdout and "Hint 2 of" in second.stdout
    out = run("adam-step", "--solution", home=tmp_path / "home")
    assert out.returncode == 0 and "def adam_step" in out.stdout


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    out = run("adam", home=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip().splitlines() == [out.stderr.strip()]
    assert "no exercise 'adam'" in out.stderr and "adam-step" in out.stderr and "adamw" in out.stderr
    for args in (["--hint"], ["softmax", "--hint", "--solution"]):
        out = run(*args, home=tmp_path)
        assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def first_check_done(home: Path) -> bool:
    import sqlite3

    try:
        db = sqlite3.connect(f"file:{home / 'progress.sqlite3'}?mode=ro", uri=True)
        try:
            return bool(db.execute("SELECT attempts FROM practice").fetchall())
        finally:
            db.close()
    except sqlite3.Error:
        return False


def test_watch_rechecks_on_save_and_stops_at_the_pass(tmp_path):
    env = {**os.environ, "DLTUTOR_HOME": str(tmp_path), "NO_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dltutor", "practice", "tanh-grad", "--watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    path = tmp_path / "practice" / "tanh_grad.py"
    try:
        deadline = time.monotonic() + 60
        while not first_check_done(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        while proc.poll() is None and time.monotonic() < deadline:
            # saved again until the watcher, started after the first check, sees a save
            path.write_text(EXERCISES["tanh-grad"].solution.read_text())
            time.sleep(0.5)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "tanh_grad is not written yet" in out and "all 3 checks pass" in out
