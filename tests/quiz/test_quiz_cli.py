"""`dltutor quiz` and `dltutor stats` as real processes, answers piped in."""

import json
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from .conftest import RIGHT, TOPIC_ID

ORDER = ["fx-momentum-sum", "fx-momentum-ten", "fx-momentum-true", "fx-adam-name", "fx-adam-kinds"]


def quiz(deck_dir, home, answers, *args):
    env = {**os.environ, "DLTUTOR_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "dltutor", "quiz", "--deck", str(deck_dir), "--topic", TOPIC_ID, "--seed", "7", *args],
        input="".join(a + "\n" for a in answers),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def reviews(home):
    db = sqlite3.connect(home / "progress.sqlite3")
    return db.execute("SELECT question_id, answer, correct FROM reviews ORDER BY id").fetchall()


def test_a_piped_quiz_runs_end_to_end(deck_dir, home):
    out = quiz(deck_dir, home, ["zzz", RIGHT["fx-momentum-sum"], "?", "10", "t", "adam", "a b"])
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Question 1 of 5" in text and "Question 5 of 5" in text
    assert "answer with a letter a–c" in text  # "zzz" asked again, not graded
    assert "Hint: the answer follows from the card “Momentum”" in text  # not the card's summary
    assert "Score: " in text and "Summary" in text and "come back for review" in text
    rows = reviews(home)
    assert [r[0] for r in rows] == ORDER
    assert [r[2] for r in rows[:4]] == [1, 1, 1, 1]
    assert "\x1b" not in text


def test_end_of_input_ends_cleanly_with_the_answers_so_far(deck_dir, home):
    out = quiz(deck_dir, home, [RIGHT["fx-momentum-sum"], "s"])
    assert out.returncode == 0
    assert "Score: 1 of 1" in out.stdout and "1 skipped" in out.stdout
    assert [r[0] for r in reviews(home)] == ["fx-momentum-sum"]
    again = quiz(deck_dir, home, [], "--review")
    assert again.returncode == 0 and "Nothing to ask" in again.stdout


def test_q_quits_and_keeps_what_was_answered(deck_dir, home):
    out = quiz(deck_dir, home, [RIGHT["fx-momentum-sum"], "q", RIGHT["fx-momentum-ten"]])
    assert out.returncode == 0 and "Score: 1 of 1" in out.stdout
    assert len(reviews(home)) == 1


@pytest.mark.parametrize(
    "args, words",
    [
        (["--topic", "nope"], "--topic: no topic 'nope'"),
        (["--card", "nope"], "--card: no card has the id 'nope'"),
        (["--count", "0"], "--count: must be a whole number from 1 to 500"),
    ],
)
def test_bad_flags_are_one_line(deck_dir, home, args, words):
    out = quiz(deck_dir, home, [], *args)
    assert out.returncode == 2 and words in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_a_corrupt_database_is_moved_aside_and_the_quiz_still_runs(deck_dir, home):
    home.mkdir()
    (home / "progress.sqlite3").write_bytes(os.urandom(8192))
    out = quiz(deck_dir, home, [RIGHT["fx-momentum-sum"]])
    assert out.returncode == 0
    assert "was damaged; it was moved to" in out.stderr
    assert len(list(home.glob("progress.sqlite3.corrupt-*"))) == 1
    assert len(reviews(home)) == 1


def test_an_unusable_home_still_quizzes_without_saving(deck_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = quiz(deck_dir, blocker / "home", [RIGHT["fx-momentum-sum"]])
    assert out.returncode == 0 and "will not be saved" in out.stderr and "Score: 1 of 1" in out.stdout


def test_killed_mid_quiz_keeps_every_confirmed_answer(deck_dir, home):
    for k in (1, 2, 4):
        for f in home.glob("progress.sqlite3*"):
            f.unlink()
        env = {**os.environ, "DLTUTOR_HOME": str(home), "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        signal.alarm(60)  # a hang would be a failure, not a stuck suite
        proc = subprocess.Popen(
            [sys.executable, "-m", "dltutor", "quiz", "--deck", str(deck_dir), "--seed", "1", "--topic", TOPIC_ID],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        confirmed = 0
        for qid in ORDER[:k]:
            proc.stdin.write(RIGHT[qid] + "\n")
            proc.stdin.flush()
            while True:  # the feedback line means the answer was graded and committed
                line = proc.stdout.readline()
                assert line, "quiz ended early"
                if line.startswith(("✓", "✗")):
                    confirmed += 1
                    break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        signal.alarm(0)
        db = sqlite3.connect(home / "progress.sqlite3")
        assert db.execute("SELECT count(*) FROM reviews").fetchone()[0] == confirmed == k
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_stats_after_a_quiz(deck_dir, home):
    quiz(deck_dir, home, [RIGHT["fx-momentum-sum"], "11", "t"])  # right, wrong, right
    env = {**os.environ, "DLTUTOR_HOME": str(home), "NO_COLOR": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "dltutor", "stats", "--deck", str(deck_dir), "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    figures = json.loads(out.stdout)
    topic = next(t for t in figures["topics"] if t["topic"] == TOPIC_ID)
    assert (topic["seen"], topic["total"]) == (3, 5)
    assert figures["reviews_total"] == 3 and figures["accuracy_7_days"] == pytest.approx(2 / 3)
    assert figures["streak_days"] == 1 and figures["due"]["this_week"] == 3
    assert len(figures["calendar"]["weeks"]) == 16 and sum(n or 0 for w in figures["calendar"]["weeks"] for n in w) == 3
    text = subprocess.run(
        [sys.executable, "-m", "dltutor", "stats", "--deck", str(deck_dir)], capture_output=True, text=True, env=env
    ).stdout
    assert "Mastery per topic" in text and "3 of 5" in text and "Reviews, last 16 weeks" in text
