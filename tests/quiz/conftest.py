"""A small deck and a private progress folder for quiz tests (never the real home directory)."""

from pathlib import Path

import pytest

TOPIC = "title: Fixture optimizers\norder: 1\nsummary: How optimizers step.\n"
CARD = """---
id: {id}
title: {title}
summary: {title} in one line.
refs: ["A paper"]
---
Body of {title}.
"""
QUIZ = """questions:
  - {id: fx-momentum-sum, card: fx-momentum, kind: choice, prompt: What does v hold?,
     choices: [a decaying sum of gradients, squared gradients, a look-ahead point],
     answer: a decaying sum of gradients, explanation: v ← μ·v + g.}
  - {id: fx-momentum-ten, card: fx-momentum, kind: numeric, prompt: "1/(1 − 0.9)?", answer: 10,
     tolerance: {abs: 0.01}, explanation: 1/0.1 = 10.}
  - {id: fx-momentum-true, card: fx-momentum, kind: truefalse, prompt: Momentum keeps a velocity., answer: true,
     explanation: That is the idea.}
  - {id: fx-adam-name, card: fx-adam, kind: text, prompt: Name the optimizer with bias-corrected moments.,
     answers: [Adam], explanation: Kingma & Ba.}
  - {id: fx-adam-kinds, card: fx-adam, kind: multi, prompt: What does Adam keep?, choices: [m, v, a sum of all g²],
     answers: [m, v], explanation: Two moving averages.}
"""
# Answers that are right whatever the shuffle: by text, not by letter.
RIGHT = {
    "fx-momentum-sum": "a decaying sum of gradients",
    "fx-momentum-ten": "10",
    "fx-momentum-true": "t",
    "fx-adam-name": "adam",
}
TOPIC_ID = "fixture-optimizers"  # not a built-in topic: user decks load beside the built-in deck


def write_deck(root: Path) -> Path:
    folder = root / TOPIC_ID
    folder.mkdir(parents=True)
    (folder / "topic.yaml").write_text(TOPIC, encoding="utf-8")
    (folder / "01-momentum.md").write_text(CARD.format(id="fx-momentum", title="Momentum"), encoding="utf-8")
    (folder / "02-adam.md").write_text(CARD.format(id="fx-adam", title="Adam"), encoding="utf-8")
    (folder / "quiz.yaml").write_text(QUIZ, encoding="utf-8")
    return root


@pytest.fixture
def deck_dir(tmp_path) -> Path:
    return write_deck(tmp_path / "deck")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("DLTUTOR_HOME", str(folder))
    return folder
