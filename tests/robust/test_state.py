"""The progress store under stress, through real `dltutor` processes on a private DLTUTOR_HOME.

(a) two quizzes answering at once: both finish, every answer is saved, no "database is locked";
(b) a database truncated, overwritten with random bytes, or from a newer dltutor: one clear line,
    and the original bytes are still on disk (moved aside, or left where they were);
(c) a DLTUTOR_HOME that cannot be a folder: one clear line, and the quiz runs without saving;
(d) killed with SIGKILL right after k confirmed answers, 20 times over: every confirmed answer is
    in the history and the database passes its integrity check.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

TOPIC_ID = "robust-state"  # not a built-in topic
QUESTIONS = 60


def write_deck(root: Path) -> Path:
    """One card, QUESTIONS true/false questions whose answer is true: "t" is right whatever is asked."""
    folder = root / TOPIC_ID
    folder.mkdir(parents=True)
    (folder / "topic.yaml").write_text(
        "title: Robust state\norder: 90\nsummary: Questions for store tests.\n", encoding="utf-8"
    )
    (folder / "01-store.md").write_text(
        "---\nid: robust-store\ntitle: The store\nsummary: Answers are kept.\n"
        "refs: [none]\n---\nEvery answer is committed as it is given.\n",
        encoding="utf-8",
    )
    questions = "".join(
        f"  - {{id: robust-q{n:02d}, card: robust-store, kind: truefalse, prompt: Statement {n}., "
        f"answer: true, explanation: It is true.}}\n"
        for n in range(QUESTIONS)
    )
    (folder / "quiz.yaml").write_text("questions:\n" + questions, encoding="utf-8")
    return root


@pytest.fixture
def deck(tmp_path) -> Path:
    return write_deck(tmp_path / "deck")


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "DLTUTOR_HOME": str(home), "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}


def dltutor(home: Path, *args: str, answers: list[str] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dltutor", *args],
        input="".join(a + "\n" for a in answers),
        capture_output=True,
        text=True,
        env=env(home),
        timeout=60,
    )


def quiz_args(deck: Path, count: int = 3, seed: int = 1) -> list[str]:
    return ["quiz", "--deck", str(deck), "--topic", TOPIC_ID, "--count", str(count), "--seed", str(seed)]


def reviews(home: Path) -> list[tuple]:
    db = sqlite3.connect(home / "progress.sqlite3")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT question_id, answer, correct FROM reviews ORDER BY id").fetchall()
    finally:
        db.close()


def one_line(stderr: str) -> str:
    lines = stderr.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("dltutor: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- (a) two processes at once ----------------------------------------------------------------------


@pytest.mark.parametrize("round_", range(2))
def test_two_quizzes_answering_at_once(deck, tmp_path, round_):
    """Both start on a home with no database yet (both create and migrate it), then write 25 answers each;
    which questions each asks depends on what the other has answered by then."""
    home = tmp_path / "home"
    n = 25
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "dltutor", *quiz_args(deck, count=n, seed=s)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(home),
        )
        for s in (1, 2)
    ]
    # both right, told apart in the history: the first says "t", the second "yes"
    for proc, word in zip(procs, ("t", "yes")):
        proc.stdin.write(f"{word}\n" * n)
        proc.stdin.close()
    results = [(p.stdout.read(), p.stderr.read(), p.wait(timeout=120)) for p in procs]
    for out, err, code in results:
        assert code == 0, err
        assert "database is locked" not in err and "Traceback" not in err and "damaged" not in err, err
        assert err.strip() == "", err
        assert f"Score: {n} of {n}" in out, out[-500:]
    rows = reviews(home)
    assert len(rows) == 2 * n and all(correct == 1 for _, _, correct in rows)
    asked = [qid for qid, _, _ in rows]
    assert [a for _, a, _ in rows].count("t") == [a for _, a, _ in rows].count("yes") == n
    assert all(asked.count(q) <= 2 for q in set(asked))  # each process asks a question once
    db = sqlite3.connect(home / "progress.sqlite3")
    assert {q for (q,) in db.execute("SELECT question_id FROM cards")} == set(asked)  # every state kept too
    db.close()
    assert list(home.glob("progress.sqlite3.corrupt-*")) == []


# --- (b) a damaged or newer database ------------------------------------------------------------------


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(home: Path, deck: Path, how: str) -> bytes:
    """A real database with answers in it, then damaged; returns the bytes left on disk."""
    assert dltutor(home, *quiz_args(deck), answers=["t", "t", "t"]).returncode == 0
    path = home / "progress.sqlite3"
    assert len(reviews(home)) == 3 and not (home / "progress.sqlite3-wal").exists()
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "random":
        path.write_bytes(random.Random(7).randbytes(len(data)))
    elif how == "newer":
        db = sqlite3.connect(path)
        db.execute("PRAGMA user_version = 99")
        db.commit()
        db.close()
    return path.read_bytes()


@pytest.mark.parametrize("command", ["quiz", "stats"])
@pytest.mark.parametrize("how", ["truncated", "random"])
def test_a_damaged_database_is_moved_aside_never_deleted(deck, tmp_path, how, command):
    home = tmp_path / "home"
    original = damage(home, deck, how)
    args = quiz_args(deck, count=1) if command == "quiz" else ["stats", "--deck", str(deck)]
    out = dltutor(home, *args, answers=["t"])
    assert out.returncode == 0, out.stderr
    line = one_line(out.stderr)
    moved = [p for p in home.glob("progress.sqlite3.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1 and moved[0].read_bytes() == original  # every byte kept (side files go with it)
    assert "damaged" in line and str(moved[0]) in line and "new one was started" in line
    # the new database works, and holds only what was answered after the move
    assert len(reviews(home)) == (1 if command == "quiz" else 0)
    if command == "quiz":
        assert "Score: 1 of 1" in out.stdout
    else:
        assert "Mastery per topic" in out.stdout


@pytest.mark.parametrize("command", ["quiz", "stats"])
def test_a_database_from_a_newer_dltutor_is_left_untouched(deck, tmp_path, command):
    home = tmp_path / "home"
    original = damage(home, deck, "newer")
    before = sorted(p.name for p in home.iterdir())
    args = quiz_args(deck, count=1) if command == "quiz" else ["stats", "--deck", str(deck)]
    out = dltutor(home, *args, answers=["t"])
    assert out.returncode == 0, out.stderr
    line = one_line(out.stderr)
    assert "newer dltutor" in line and "left untouched" in line and "schema 99" in line
    assert (home / "progress.sqlite3").read_bytes() == original
    assert sorted(p.name for p in home.iterdir()) == before  # nothing moved, nothing added beside it
    db = sqlite3.connect(home / "progress.sqlite3")
    assert db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 3
    db.close()
    if command == "quiz":
        assert "will not be saved" in line and "Score: 1 of 1" in out.stdout
    else:
        assert "no progress can be shown" in line and "will not be saved" not in line


# --- (c) a home that cannot be a folder ----------------------------------------------------------------


@pytest.mark.parametrize("where", ["under a file", "is a file"])
@pytest.mark.parametrize("command", ["quiz", "stats"])
def test_a_home_that_cannot_be_a_folder(deck, tmp_path, where, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    home = blocker / "home" if where == "under a file" else blocker
    args = quiz_args(deck, count=2) if command == "quiz" else ["stats", "--deck", str(deck)]
    out = dltutor(home, *args, answers=["t", "t"])
    assert out.returncode == 0, out.stderr
    line = one_line(out.stderr)
    assert "cannot create the progress folder" in line and str(home) in line
    assert ("this quiz will not be saved" if command == "quiz" else "no progress can be shown") in line
    if command == "quiz":
        assert "Score: 2 of 2" in out.stdout
    else:
        assert "Mastery per topic" in out.stdout
    assert blocker.read_text() == "not a folder\n"


# --- (d) SIGKILL, over and over -------------------------------------------------------------------------


def test_killed_twenty_times_keeps_every_confirmed_answer(deck, tmp_path):
    """The same home across rounds: each round's confirmed answers join the history kept so far."""
    home = tmp_path / "home"
    draw = random.Random(20240601)
    expected: list[str] = []
    signal.alarm(120)  # a hang is a failure, not a stuck suite
    try:
        for round_ in range(20):
            k = draw.randint(1, 4)
            proc = subprocess.Popen(
                [sys.executable, "-m", "dltutor", *quiz_args(deck, count=10, seed=round_)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env(home),
            )
            for _ in range(k):
                proc.stdin.write("t\n")
                proc.stdin.flush()
                while True:  # the feedback line means the answer was graded and committed
                    line = proc.stdout.readline()
                    assert line, f"round {round_}: the quiz ended early: {proc.stderr.read()}"
                    if line.startswith("Question "):
                        asked = line
                    if line.startswith(("✓", "✗")):
                        break
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            proc.stdout.close()
            proc.stdin.close()
            assert "Traceback" not in proc.stderr.read()
            proc.stderr.close()
            rows = [qid for qid, _, _ in reviews(home)]  # integrity_check included
            assert rows[: len(expected)] == expected, round_  # the history so far is intact
            assert len(rows) == len(expected) + k, (round_, k, len(rows), len(expected))
            assert len(set(rows)) == len(rows)  # new questions each time: nothing written twice
            expected = rows
            assert asked.startswith("Question ")
            assert list(home.glob("progress.sqlite3.corrupt-*")) == []
    finally:
        signal.alarm(0)
