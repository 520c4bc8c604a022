"""The deck: every topic, card and question, loaded from content folders and checked.

`load_deck()` reads the built-in deck plus any user decks (`--deck DIR`, `DLTUTOR_DECKS`), and
returns what loaded together with every problem found (file, line, field, message). One bad file
is reported and skipped; it never stops the rest. Content is data: nothing in it is executed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from dltutor.deck.models import Card, Problem, Question, Topic

__all__ = ["Card", "Deck", "Problem", "Question", "Topic", "builtin_dir", "deck_dirs", "load_deck"]


@dataclass
class Deck:
    topics: dict[str, Topic] = field(default_factory=dict)  # in teaching order
    cards: dict[str, Card] = field(default_factory=dict)  # in teaching order
    problems: list[Problem] = field(default_factory=list)
    # A cached deck's questions are read when first asked for (see deck.cache): the session's first
    # frame needs only how many each card has. `later` gives them, `counts` says how many per card.
    later: Callable[[], dict[str, Question]] | None = field(default=None, repr=False, compare=False)
    counts: dict[str, int] | None = field(default=None, repr=False, compare=False)
    _questions: dict[str, Question] = field(default_factory=dict, repr=False)

    @property
    def questions(self) -> dict[str, Question]:
        if self.later is not None:
            later, self.later, self.counts = self.later, None, None
            self._questions = later()
        return self._questions

    @questions.setter
    def questions(self, questions: dict[str, Question]) -> None:
        self._questions, self.later, self.counts = questions, None, None

    def cards_of(self, topic: str) -> list[Card]:
        return [self.cards[c] for c in self.topics[topic].cards if c in self.cards]

    def questions_of(self, card: str) -> list[Question]:
        return [q for q in self.questions.values() if q.card == card]

    def question_count(self, card: str) -> int:
        """How many questions a card has (a cached deck answers without reading its questions)."""
        if self.later is not None and self.counts is not None:
            return self.counts.get(card, 0)
        return len(self.questions_of(card))


def builtin_dir() -> Path:
    """The shipped deck: inside the installed package, or the source tree's content/ folder."""
    package = Path(__file__).resolve().parents[1]  # dltutor/ (a wheel installs it as plain files)
    packaged = package / "content"
    if packaged.is_dir():
        return packaged
    return package.parent / "content"


def deck_dirs(extra: list[Path] | tuple[Path, ...] = (), builtin: bool = True) -> list[Path]:
    """The built-in deck, then the folders in DLTUTOR_DECKS (os.pathsep-separated), then `extra`."""
    dirs = [builtin_dir()] if builtin else []
    dirs += [Path(p) for p in os.environ.get("DLTUTOR_DECKS", "").split(os.pathsep) if p.strip()]
    return dirs + [Path(p) for p in extra]


def load_deck(
    dirs: list[Path] | None = None, *, generators: Mapping[str, Any] | None = None, check_sims: bool = True
) -> Deck:
    """Load and check every deck folder. `generators` names the computed-question generators that
    exist (the quiz layer passes its registry); without it, generator names are not checked.
    `check_sims=False` skips building each card's scene (a quiz does not need them)."""
    deck = Deck()
    topics: list[Topic] = []
    for root in deck_dirs() if dirs is None else dirs:
        topics += _load_root(Path(root), deck, _check_sim if check_sims else lambda sim: None)
    deck.topics = {t.id: t for t in sorted(topics, key=lambda t: (t.order, t.id))}
    deck.cards = {cid: deck.cards[cid] for t in deck.topics.values() for cid in t.cards if cid in deck.cards}
    _cross_check(deck, generators)
    return deck


def _load_root(root: Path, deck: Deck, check_sim) -> list[Topic]:
    from dltutor.deck.load import load_card, load_quiz, load_topic  # YAML is only needed here (a cached deck skips it)

    try:  # a name too long for the file system, a folder that may not be read: a problem, not a traceback
        if not root.is_dir():
            deck.problems.append(Problem(root, None, "deck", "is not a folder"))
            return []
        folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    except OSError as err:
        deck.problems.append(Problem(root, None, "deck", f"cannot be read: {err.strerror or err}"))
        return []
    if (root / "topic.yaml").is_file():  # a topic folder given as a deck: its cards would vanish unsaid
        deck.problems.append(
            Problem(
                root,
                None,
                "deck",
                "is a topic folder; nothing was loaded from it: give the folder that holds your topic folders",
            )
        )
        return []
    exercises_only = any(folder.name == "exercises" for folder in folders)  # a deck of practice exercises
    if not exercises_only and not any((folder / "topic.yaml").is_file() for folder in folders):
        deck.problems.append(
            Problem(
                root, None, "deck", "holds no topic folder (a folder with a topic.yaml); nothing was loaded from it"
            )
        )
        return []
    topics = []
    for folder in folders:
        if folder.name == "exercises":  # practice exercises (dltutor.practice reads them), not a topic
            continue
        if not (folder / "topic.yaml").is_file():
            if any(folder.glob("*.md")) or (folder / "quiz.yaml").exists():
                deck.problems.append(Problem(folder, None, "topic.yaml", "is missing; the folder was skipped"))
            continue
        topic = load_topic(folder, deck.problems)
        if topic is None:
            continue
        if topic.id in deck.topics or any(t.id == topic.id for t in topics):
            deck.problems.append(
                Problem(topic.path, 1, "topic", f"topic {topic.id!r} is defined twice; this one was skipped")
            )
            continue
        for path in sorted(folder.glob("*.md")):
            card = load_card(path, topic.id, deck.problems, check_sim)
            if card is None:
                continue
            if card.id in deck.cards:
                deck.problems.append(
                    Problem(
                        path,
                        2,
                        "id",
                        f"card {card.id!r} is already defined in {deck.cards[card.id].path}; this one was skipped",
                    )
                )
                continue
            deck.cards[card.id] = card
            topic.cards.append(card.id)
        quiz = folder / "quiz.yaml"
        if quiz.exists():
            for question in load_quiz(quiz, deck.problems):
                if question.id in deck.questions:
                    deck.problems.append(
                        Problem(
                            quiz,
                            question.line,
                            "id",
                            f"question {question.id!r} is already "
                            f"defined in {deck.questions[question.id].path}; this one was skipped",
                        )
                    )
                    continue
                deck.questions[question.id] = question
        topics.append(topic)
        deck.topics[topic.id] = topic  # so a later deck's clash is seen
    return topics


def _check_sim(sim: Any) -> str | None:
    """None when a card's scene is valid, else what is wrong with it."""
    from dltutor.scenes import SceneError, scene_from_mapping

    try:
        scene_from_mapping(sim)
    except SceneError as err:
        return str(err)
    return None


def _cross_check(deck: Deck, generators: Mapping[str, Any] | None) -> None:
    for card in deck.cards.values():
        for other in card.related:
            if other not in deck.cards:
                deck.problems.append(Problem(card.path, 2, "related", f"no card has the id {other!r}"))
    for question in list(deck.questions.values()):
        if question.card not in deck.cards:
            deck.problems.append(
                Problem(
                    question.path,
                    question.line,
                    "card",
                    f"question {question.id}: no card has the id {question.card!r}",
                )
            )
            del deck.questions[question.id]
        elif question.kind == "computed" and generators is not None:
            name = question.data["generator"]
            if name not in generators:
                deck.problems.append(
                    Problem(
                        question.path,
                        question.line,
                        "generator",
                        f"question {question.id}: no generator is called {name!r}",
                    )
                )
                del deck.questions[question.id]
