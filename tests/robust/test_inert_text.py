"""Terminal escape sequences in a user's deck never reach the terminal.

A deck whose topic, card (title, summary, body, refs) and questions (prompt, choices, answers,
items, unit, explanation) carry ANSI and OSC sequences -- as raw bytes in the file, or spelled as
YAML escapes ("\\e]0;owned\\a") that only become control characters once YAML has read them -- is
shown by `dltutor show`, `cards`, `quiz` (piped), `check --dump` and `stats`. With NO_COLOR=1 and
a pipe, dltutor itself writes no escape sequence at all, so any ESC, CSI (0x9b) or BEL in the
output came from the deck: a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dltutor.deck.load import CONTROL

TOPIC_ID = "robust-inert"  # not a built-in topic
SEQUENCES = [
    "\x1b[31m",
    "\x1b]0;owned\x07",
    "\x1b[2J",
    "\x9b31m",
    "\x1b]8;;http://evil.example\x1b\\",
    "\x07",
    "\x1bP+q544e\x1b\\",
    "\x1b[?1049h",
]
# the same sequences written as YAML double-quoted escapes: plain ASCII in the file
YAML_ESCAPES = [
    "\\e[31m",
    "\\e]0;owned\\a",
    "\\e[2J",
    "\\x9b31m",
    "\\e]8;;http://evil.example\\e\\\\",
    "\\a",
    "\\eP+q544e\\e\\\\",
    "\\u001b[?1049h",
]


def escaped(words: str, seqs: list[str]) -> str:
    """`words` with every sequence woven in: 'A<seq0>B<seq1>...'"""
    return "".join(f"{w}{seqs[i % len(seqs)]}" for i, w in enumerate(words.split())) + "end"


def write_deck(root: Path, form: str) -> Path:
    seqs = SEQUENCES if form == "raw" else YAML_ESCAPES

    def q(words: str) -> str:  # a YAML double-quoted string
        return '"' + escaped(words, seqs) + '"'

    folder = root / TOPIC_ID
    folder.mkdir(parents=True)
    (folder / "topic.yaml").write_text(
        f"title: {q('Inert Topic')}\norder: 91\nsummary: {q('Topic summary')}\n", encoding="utf-8"
    )
    body = escaped("Body line one", SEQUENCES) + "\n\n" + escaped("**Bold** body two", SEQUENCES) + "\n"
    (folder / "01-inert.md").write_text(
        f"---\nid: inert-card\ntitle: {q('Inert Title')}\nsummary: {q('Card summary')}\n"
        f"refs: [{q('A reference')}]\ntags: [{q('tag')}]\n---\n{body}",
        encoding="utf-8",
    )
    (folder / "quiz.yaml").write_text(
        f"""questions:
  - {{id: inert-choice, card: inert-card, kind: choice, prompt: {q("Choice prompt")},
     choices: [{q("first choice")}, {q("second choice")}], answer: {q("first choice")},
     explanation: {q("Choice explanation")}}}
  - {{id: inert-multi, card: inert-card, kind: multi, prompt: {q("Multi prompt")},
     choices: [{q("alpha")}, {q("beta")}, {q("gamma")}], answers: [{q("alpha")}, {q("gamma")}],
     explanation: {q("Multi explanation")}}}
  - {{id: inert-text, card: inert-card, kind: text, prompt: {q("Text prompt")}, answers: [{q("the word")}],
     explanation: {q("Text explanation")}}}
  - {{id: inert-order, card: inert-card, kind: order, prompt: {q("Order prompt")},
     items: [{q("one")}, {q("two")}, {q("three")}], explanation: {q("Order explanation")}}}
  - {{id: inert-numeric, card: inert-card, kind: numeric, prompt: {q("Numeric prompt")}, answer: 2,
     tolerance: {{abs: 0.1}}, unit: {q("u")}, explanation: {q("Numeric explanation")}}}
  - {{id: inert-tf, card: inert-card, kind: truefalse, prompt: {q("True prompt")}, answer: true,
     explanation: {q("True explanation")}}}
""",
        encoding="utf-8",
    )
    return root


def run(home: Path, *args: str, answers: str = "") -> tuple[int, str]:
    env = {**os.environ, "DLTUTOR_HOME": str(home), "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    out = subprocess.run(
        [sys.executable, "-m", "dltutor", *args], input=answers.encode(), capture_output=True, env=env, timeout=60
    )
    for stream in (out.stdout, out.stderr):
        assert b"\x1b" not in stream and b"\x07" not in stream, (args, stream[:2000])
        text = stream.decode("utf-8")  # strict: a lone 0x9b byte would not be UTF-8 either
        assert "\x9b" not in text and not CONTROL.search(text.replace("\r", "")), (args, text[:2000])
    return out.returncode, out.stdout.decode("utf-8") + out.stderr.decode("utf-8")


@pytest.fixture(params=["raw", "yaml-escapes"])
def deck(request, tmp_path) -> Path:
    return write_deck(tmp_path / "deck", request.param)


def test_the_deck_loads_with_its_text_and_a_problem_for_each_file(deck):
    from dltutor.deck import load_deck

    loaded = load_deck([deck])
    assert len(loaded.questions) == 6 and "inert-card" in loaded.cards
    assert {p.path.name for p in loaded.problems} == {"topic.yaml", "01-inert.md", "quiz.yaml"}
    assert all("control characters" in p.message for p in loaded.problems)
    card = loaded.cards["inert-card"]
    assert card.title.startswith("Inert") and "Title" in card.title and "one" in card.body


def test_show_and_cards(deck, tmp_path):
    code, out = run(tmp_path / "home", "show", "inert-card", "--deck", str(deck))
    assert code == 0 and "Inert" in out and "Title" in out and "Body" in out and "Bold" in out
    code, out = run(tmp_path / "home", "cards", "--deck", str(deck), "--topic", TOPIC_ID)
    assert code == 0 and "inert-card" in out and "Inert" in out


def test_a_piped_quiz(deck, tmp_path):
    # a hint, a letter not offered, then a wrong or a right answer to each (feedback shows answer and explanation)
    answers = "?\nz\n" + "b\n" * 2 + "nope\n" + "a b c\n" + "5\n" + "f\n"
    code, out = run(
        tmp_path / "home",
        "quiz",
        "--deck",
        str(deck),
        "--topic",
        TOPIC_ID,
        "--count",
        "6",
        "--seed",
        "3",
        answers=answers,
    )
    assert code == 0
    assert "Question 6 of 6" in out and "Score:" in out and "Hint: " in out
    for word in ("Choice", "Multi", "Text", "Order", "Numeric", "True", "explanation", "alpha"):
        assert word in out, word


def test_check_dump_and_stats(deck, tmp_path):
    code, out = run(tmp_path / "home", "check", str(deck), "--dump")
    assert code == 1 and "Choice" in out and "first" in out  # 1: the deck has problems (the escapes)
    code, out = run(tmp_path / "home", "check", str(deck))
    reported = {line.split(":")[0] for line in out.splitlines() if "control characters" in line}
    assert code == 1 and {Path(p).name for p in reported} == {"topic.yaml", "01-inert.md", "quiz.yaml"}
    code, out = run(tmp_path / "home", "stats", "--deck", str(deck))
    assert code == 0 and "Inert" in out
