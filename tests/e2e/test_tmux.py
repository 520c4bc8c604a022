"""dltutor in a real terminal: the installed console script run in a tmux pane, driven by keys.

Each test runs its own tmux server (a private socket, no user config) and kills it when done; the
progress folder is the test's private DLTUTOR_HOME, passed explicitly into the pane's command.
Screens are read with `capture-pane` and polled until the expected text appears.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable

import pytest

pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.slow]

DLTUTOR = Path(sys.executable).parent / "dltutor"
START_TIMEOUT = (
    60.0  # the first start of a fresh home builds the deck cache; a busy machine (tests run in parallel) is slower
)
TIMEOUT = 30.0  # waits end as soon as the screen shows what they wait for: a long limit costs nothing when all is well


class Pane:
    """One tmux server with one session and one pane, on a socket of its own."""

    def __init__(self, home: Path, config: Path) -> None:
        self.home, self.config = home, config
        self.socket = f"dltutor-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        # COLUMNS and LINES too: pytest-xdist's workers set them to 80x24, and the app (through Rich and
        # Textual) would take them over the pane's real size
        self.env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE", "COLUMNS", "LINES")}
        # not the user's ~/.tmux.conf: no status line (the pane is the whole window), plenty of history
        config.write_text("set -g status off\nset -g history-limit 5000\n", encoding="utf-8")

    def tmux(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=15,
        )
        if check and out.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {out.stderr.strip()}")
        return out.stdout

    def command(self, args: str = "", before: str = "", after: str = "") -> str:
        """A shell line running dltutor with the private home, a sane TERM and colour allowed."""
        run = (
            f"env DLTUTOR_HOME={shlex.quote(str(self.home))} NO_COLOR= TERM=xterm-256color "
            f"{shlex.quote(str(DLTUTOR))} {args}"
        ).strip()
        return f"{before}{run}{after}"

    def start(self, shell_line: str, width: int = 120, height: int = 40) -> None:
        self.tmux("new-session", "-d", "-s", "e2e", "-x", str(width), "-y", str(height), shell_line)

    def respawn(self, shell_line: str) -> None:
        self.tmux("respawn-pane", "-k", "-t", "e2e", shell_line)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "e2e", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "e2e", "-l", text)

    def capture(self, history: bool = False) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e", *(["-S", "-2000"] if history else []))

    def display(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", "e2e", fmt).strip()

    def wait(self, predicate: Callable[[str], bool], what: str, timeout: float = TIMEOUT, history: bool = False) -> str:
        """Poll the screen until predicate(screen) holds; fail with the last screen otherwise."""
        deadline = time.monotonic() + timeout
        screen = ""
        while True:
            screen = self.capture(history)
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}; the screen:\n{screen}")
            time.sleep(0.1)

    def wait_text(self, text: str, timeout: float = TIMEOUT, history: bool = False) -> str:
        return self.wait(lambda s: text in s, repr(text), timeout, history)

    def settle(self, quiet: float = 0.4, timeout: float = TIMEOUT) -> str:
        """Wait until the screen stops changing for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last, since = self.capture(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.capture()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return now
        raise AssertionError(f"the screen never settled; the last screen:\n{last}")

    def kill(self) -> None:
        socket = self.tmux("display-message", "-p", "#{socket_path}", check=False).strip()
        self.tmux("kill-server", check=False)
        if socket:  # tmux leaves the socket file behind
            Path(socket).unlink(missing_ok=True)


@pytest.fixture
def home() -> Path:
    folder = Path(os.environ["DLTUTOR_HOME"])  # tests/conftest.py: private to this test
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def pane(home, tmp_path):
    assert DLTUTOR.is_file(), f"no dltutor console script beside {sys.executable}: pip install the project"
    p = Pane(home, tmp_path / "tmux.conf")
    try:
        yield p
    finally:
        p.kill()


def header_title(screen: str) -> str | None:
    """The current card's title, from the header line 'dltutor — <title>'."""
    for line in screen.splitlines()[:2]:
        if "dltutor — " in line:
            return line.split("dltutor — ", 1)[1].strip()
    return None


def wait_card(pane: Pane, title: str, timeout: float = TIMEOUT) -> str:
    """Wait until the header names the card and the card view shows its title."""
    return pane.wait(lambda s: header_title(s) == title and f"│ {title}" in s, f"the card {title!r}", timeout)


def reviews(home: Path) -> list[tuple]:
    db = sqlite3.connect(home / "progress.sqlite3")
    try:
        return db.execute("SELECT question_id, card_id, topic_id, answer, correct FROM reviews ORDER BY id").fetchall()
    finally:
        db.close()


def has_plot(screen: str) -> bool:
    try:
        plot_region(screen)
    except StopIteration:
        return False
    return True


def plot_region(screen: str) -> str:
    """The lab's plot: the legend line above its box, then rows from the one with '┌' to the one with
    '└', from the box's left edge on (legends are drawn above the plot, outside it)."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    left = lines[top].index("┌")
    # the box's own corner, in its column (the topic tree on the left draws └ too)
    bottom = next(i for i in range(top, len(lines)) if lines[i][left : left + 1] == "└")
    return "\n".join(line[left:] for line in lines[max(0, top - 1) : bottom + 1])


# --- 1. cards, keys, and the last card reopened ------------------------------------------------


def test_session_shows_cards_moves_between_them_and_reopens_the_last(pane, home):
    pane.start(pane.command(after="; echo EXITED=$?; sleep 60"))
    screen = wait_card(pane, "Gradient descent", START_TIMEOUT)
    # the card's simulation, drawn with its legend (the lab fills in after the first frame; a capture
    # can catch the terminal half-way through painting it, so wait for the whole box)
    screen = pane.wait(lambda s: has_plot(s) and "sgd" in plot_region(s), "the lab's plot")
    assert "Traceback" not in screen

    pane.keys("n")
    wait_card(pane, "The learning rate")
    pane.settle()  # the tree's cursor follows the open card after a refresh

    pane.keys("Down")
    screen = pane.wait(lambda s: header_title(s) not in (None, "The learning rate"), "another card")
    moved_to = header_title(screen)
    assert moved_to == "Batch (full-batch) gradient descent", moved_to
    wait_card(pane, moved_to)

    pane.keys("C-q")
    screen = pane.wait_text("EXITED=")
    assert "EXITED=0" in screen, screen

    pane.respawn(pane.command(after="; echo EXITED=$?; sleep 60"))
    screen = wait_card(pane, moved_to, START_TIMEOUT)
    assert header_title(screen) == moved_to
    pane.keys("C-q")
    assert "EXITED=0" in pane.wait_text("EXITED=")


# --- 2. the lab animates -----------------------------------------------------------------------


def test_the_lab_animates_after_space(pane):
    pane.start(pane.command())
    wait_card(pane, "Gradient descent", START_TIMEOUT)
    pane.keys("C-p")
    pane.wait_text("Search for commands")
    pane.type("Card: Momentum")

    def first_hit(screen: str) -> str | None:
        hits = [line.strip() for line in screen.splitlines() if line.strip().startswith("Card: ")]
        return hits[0] if hits else None

    pane.wait(
        lambda s: first_hit(s) == "Card: Momentum" and "A velocity that sums past gradients" in s,
        "the momentum card at the top of the palette's results",
    )
    pane.settle(quiet=0.3)
    pane.keys("Enter")
    screen = wait_card(pane, "Momentum")
    screen = pane.settle()
    assert "momentum" in plot_region(screen)  # sgd and momentum race on the ravine

    still = plot_region(pane.capture())
    time.sleep(0.5)
    assert plot_region(pane.capture()) == still, "the plot changed before playing"

    pane.keys("Space")
    frames = []
    deadline = time.monotonic() + TIMEOUT
    while len(set(frames)) < 3 and time.monotonic() < deadline:
        frames.append(plot_region(pane.capture()))
        time.sleep(0.25)
    assert len(set(frames)) >= 3, "the plot did not animate:\n" + frames[-1]


# --- 3. a quiz question answered from the keyboard -----------------------------------------------


def answer_for(screen: str) -> str:
    """An answer the quiz screen can read, whatever kind of question it shows."""
    hint = re.search(r"\(Answer with ([^;)]*?)(?: \(in [^)]*\))?;", screen)
    assert hint, f"no answer hint on the screen:\n{screen}"
    letters = re.findall(r"^\s*([a-z])\) ", screen, flags=re.M)
    return {
        "one letter": "a",
        "every letter that applies, e.g. a c": "a",
        "t or f": "t",
        "a number": "1",
        "a word or short phrase": "gradient",
        "the letters in the right order, e.g. c a b": " ".join(letters),
    }[hint.group(1)]


def test_quiz_on_a_card_saves_the_answer(pane, home):
    pane.start(pane.command())
    wait_card(pane, "Gradient descent", START_TIMEOUT)
    pane.settle()
    pane.keys("z")
    screen = pane.wait(lambda s: "Question 1 of" in s and "(Answer with" in s, "the first question")
    assert "Gradient descent" in screen
    assert not (home / "progress.sqlite3").exists() or reviews(home) == []

    answer = answer_for(screen)
    pane.type(answer)
    pane.keys("Enter")
    screen = pane.wait(lambda s: "✓ Right." in s or "✗ Not quite." in s, "the feedback")
    rows = reviews(home)
    assert len(rows) == 1, rows
    _question, card, topic, saved, correct = rows[0]
    assert (card, topic, saved) == ("gradient-descent", "gradient-descent", answer)
    assert correct == ("✓ Right." in screen)

    pane.keys("Enter")  # the next question
    pane.wait_text("Question 2 of")
    pane.keys("C-q")


# --- 4. quitting leaves the terminal sane ------------------------------------------------------


def test_quitting_restores_the_terminal(pane):
    pane.start(pane.command(after="; printf 'AFTER\\n'; sleep 30"))
    wait_card(pane, "Gradient descent", START_TIMEOUT)
    assert pane.display("#{alternate_on}") == "1"  # the session runs on the alternate screen
    pane.keys("C-q")
    screen = pane.wait_text("AFTER")
    pane.settle(quiet=0.3)
    screen = pane.capture(history=True)
    assert pane.display("#{alternate_on}") == "0"
    assert pane.display("#{cursor_flag}") == "1"
    for fragment in ("[?", "\x1b", "^[", "Traceback"):
        assert fragment not in screen, f"{fragment!r} on the screen:\n{screen}"
    assert "Gradient descent" not in screen  # the session's screen is gone, the shell's is back


# --- 5. `dltutor quiz` interactively ----------------------------------------------------------

TOPIC_ID = "e2e-fixture-topic"  # not a built-in topic: a user deck loads beside the built-in deck
QUIZ = """questions:
  - {id: e2e-velocity, card: e2e-momentum, kind: choice, prompt: What does the velocity v hold?,
     choices: [a decaying sum of gradients, squared gradients, a look-ahead point],
     answer: a decaying sum of gradients, explanation: v ← μ·v + g.}
  - {id: e2e-ten, card: e2e-momentum, kind: numeric, prompt: "What is 1/(1 − 0.9)?", answer: 10,
     tolerance: {abs: 0.01}, explanation: 1/0.1 = 10.}
  - {id: e2e-true, card: e2e-momentum, kind: truefalse, prompt: Adam keeps a running variance., answer: true,
     explanation: Its second moment.}
"""
ANSWERS = {
    "velocity v": ("a decaying sum of gradients", True),
    "1/(1 − 0.9)": ("3", False),
    "running variance": ("t", True),
}


def write_deck(root: Path) -> Path:
    folder = root / TOPIC_ID
    folder.mkdir(parents=True)
    (folder / "topic.yaml").write_text("title: E2E fixture\norder: 1\nsummary: A tiny deck.\n", encoding="utf-8")
    (folder / "01-momentum.md").write_text(
        '---\nid: e2e-momentum\ntitle: E2E momentum\nsummary: A velocity.\nrefs: ["A paper"]\n---\nBody.\n',
        encoding="utf-8",
    )
    (folder / "quiz.yaml").write_text(QUIZ, encoding="utf-8")
    return root


def test_dltutor_quiz_interactively(pane, home, tmp_path):
    deck = write_deck(tmp_path / "deck")
    args = f"quiz --deck {shlex.quote(str(deck))} --topic {TOPIC_ID}"
    pane.start(pane.command(args, after="; echo EXITED=$?; sleep 60"), width=100, height=40)
    asked = []
    for number in (1, 2, 3):
        screen = pane.wait_text(f"Question {number} of 3", START_TIMEOUT if number == 1 else TIMEOUT)
        current = screen[screen.index(f"Question {number} of 3") :]
        key = next(k for k in ANSWERS if k in current)
        asked.append(key)
        answer, right = ANSWERS[key]
        pane.wait(lambda s: s.rstrip().endswith(">"), "the answer prompt")
        pane.type(answer)
        pane.keys("Enter")
        screen = pane.wait(
            lambda s, right=right, number=number: (
                ("✓ Right." if right else "✗ Not quite.") in s[s.index(f"Question {number}") :]
            ),
            f"the feedback to question {number}",
            history=True,
        )
        if right:  # a right answer may be rated: Enter keeps it
            pane.wait(
                lambda s, number=number: "Enter: next" in s[s.index(f"Question {number}") :],
                "the rating prompt",
                history=True,
            )
            pane.keys("Enter")
    assert sorted(asked) == sorted(ANSWERS)
    screen = pane.wait_text("EXITED=", history=True)
    assert "EXITED=0" in screen
    assert "Question 1 of 3" in screen and "The answer: 10" in screen
    assert "Score: 2 of 3" in screen and "come back for review" in screen
    rows = reviews(home)
    by_question = {q: (saved, correct) for q, _card, _topic, saved, correct in rows}
    assert len(rows) == 3 and {r[2] for r in rows} == {TOPIC_ID}
    assert by_question == {
        "e2e-velocity": ("a decaying sum of gradients", 1),
        "e2e-ten": ("3", 0),
        "e2e-true": ("t", 1),
    }


# --- 6. an animation stopped with Ctrl-C ---------------------------------------------------------


def test_ctrl_c_stops_an_animation_with_130_and_the_cursor_back(pane):
    # `trap : INT` keeps the shell alive through the interrupt, so it can report dltutor's status
    pane.start(
        pane.command(
            "plot optimizers --animate --frames 500 --fps 10", before="trap : INT; ", after="; echo EXIT=$?; sleep 30"
        ),
        width=100,
        height=30,
    )
    pane.wait(lambda s: "┤" in s and "└" in s, "the animation", START_TIMEOUT)
    assert pane.display("#{cursor_flag}") == "0"  # hidden while animating
    first = pane.capture()
    pane.wait(lambda s: s != first, "the next frame")
    pane.keys("C-c")
    screen = pane.wait_text("EXIT=")
    assert re.search(r"EXIT=130\b", screen), screen
    assert pane.display("#{cursor_flag}") == "1"
    assert "Traceback" not in pane.capture(history=True)


# --- 7. a terminal that is too small -----------------------------------------------------------


def test_a_small_terminal_shows_a_message_then_the_card_once_it_grows(pane):
    pane.start(pane.command(after="; echo EXITED=$?; sleep 60"), width=40, height=12)
    assert pane.display("#{window_width}x#{window_height}") == "40x12"
    screen = pane.wait(lambda s: "too small" in " ".join(s.split()), "the too-small message", START_TIMEOUT)
    assert "60×16" in " ".join(screen.split())
    pane.settle()
    assert "EXITED" not in pane.capture() and "Traceback" not in pane.capture()

    pane.tmux("resize-window", "-t", "e2e", "-x", "100", "-y", "30")
    screen = wait_card(pane, "Gradient descent")
    assert "too small" not in screen
    pane.keys("n")
    wait_card(pane, "The learning rate")
    pane.keys("C-q")
    assert "EXITED=0" in pane.wait_text("EXITED=")
