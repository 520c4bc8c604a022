"""The deck loader and validator: every mistake becomes one located problem, never a traceback."""

import json
from pathlib import Path

import pytest

from dltutor.cli import main
from dltutor.deck import load_deck

TOPIC = "title: Optimizers\norder: 2\nsummary: How optimizers step.\n"
CARD = """\
---
id: momentum
title: Momentum
summary: A running velocity of past gradients.
tags: [optimizers]
sim: {kind: optimizers, optimizers: [sgd, momentum], surface: ravine, lr: 0.05, steps: 50}
refs: ["Polyak (1964)"]
---
The idea, the rule v ← μ·v + g, and what to look for.
"""
QUIZ = """\
questions:
  - id: momentum-choice
    card: momentum
    kind: choice
    prompt: What does v hold?
    choices: [a decaying sum of gradients, squared gradients]
    answer: a decaying sum of gradients
    explanation: v ← μ·v + g.
  - id: momentum-number
    card: momentum
    kind: numeric
    prompt: With μ = 0.9, what is 1/(1 − μ)?
    answer: 10
    tolerance: {abs: 0.01}
    explanation: 1/0.1 = 10.
"""


def make_deck(root: Path, card: str = CARD, quiz: str = QUIZ, topic: str = TOPIC, name="01-momentum.md") -> Path:
    folder = root / "optimizers"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "topic.yaml").write_text(topic, encoding="utf-8")
    (folder / name).write_text(card, encoding="utf-8")
    (folder / "quiz.yaml").write_text(quiz, encoding="utf-8")
    return root


def problems(root: Path, **kwargs) -> list[str]:
    return [str(p) for p in load_deck([root], **kwargs).problems]


def test_a_good_deck_loads_without_problems(tmp_path):
    deck = load_deck([make_deck(tmp_path)])
    assert deck.problems == []
    assert list(deck.topics) == ["optimizers"]
    card = deck.cards["momentum"]
    assert card.title == "Momentum" and card.sim["surface"] == "ravine" and card.refs == ["Polyak (1964)"]
    assert [q.id for q in deck.questions_of("momentum")] == ["momentum-choice", "momentum-number"]
    assert deck.questions["momentum-number"].data == {"answer": 10.0, "tolerance": {"abs": 0.01}, "unit": None}


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


# (what to change, the file, the line, the field, words of the message)
CARD_MISTAKES = [
    (lambda c: replace(c, "id: momentum\n", ""), 2, "id", "is required"),
    (lambda c: replace(c, "id: momentum", "id: Momentum Card"), 2, "id", "lowercase words joined by hyphens"),
    (lambda c: replace(c, "title: Momentum\n", "title: [a, b]\n"), 3, "title", "must be text"),
    (lambda c: replace(c, 'refs: ["Polyak (1964)"]\n', ""), 2, "refs", "is required"),
    (lambda c: replace(c, "surface: ravine", "surface: moon"), 6, "sim", "sim.surface: 'moon' is neither a named surface (bowl"),
    (lambda c: replace(c, "optimizers: [sgd, momentum]", "optimizers: [sgd, lion]"), 6, "sim", "unknown optimizer 'lion'"),
    (lambda c: replace(c, "lr: 0.05", "lr: -1"), 6, "sim", "must be a number > 0"),
    (lambda c: replace(c, "tags: [optimizers]", "tags: [optimizers]\ncolour: red"), 6, "colour", "is not a card field"),
    (lambda c: replace(c, "tags: [optimizers]", "tags: [optimizers\n"), None, "front matter", "not valid YAML"),
    (lambda c: replace(c, "---\nThe idea", "The idea"), 1, "front matter", "`---` block"),
    (lambda c: replace(c, "The idea, the rule v ← μ·v + g, and what to look for.", ""), 9, "body", "is empty"),
    (lambda c: c + "line\n" * 70, 9, "body", "one screen"),
    (lambda c: replace(c, "title: Momentum", "title: Momentum\ntitle: Again"), 4, "title", "appears twice"),
    (lambda c: replace(c, "The idea", "\x1b]0;owned\x07The idea"), 9, "text", "control characters"),
]


@pytest.mark.parametrize("mutate, line, field, words", CARD_MISTAKES)
def test_card_mistakes_are_located(tmp_path, mutate, line, field, words):
    found = problems(make_deck(tmp_path, card=mutate(CARD)))
    path = tmp_path / "optimizers" / "01-momentum.md"
    expected_start = f"{path}:{line}: {field}: " if line else f"{path}"
    assert any(p.startswith(expected_start) and words in p for p in found), found


QUIZ_MISTAKES = [
    (lambda q: replace(q, "answer: a decaying sum of gradients", "answer: velocity"), 7, "answer", "one of the choices"),
    (lambda q: replace(q, "choices: [a decaying sum of gradients, squared gradients]",
                       "choices: [a decaying sum of gradients, A decaying sum of gradients]"), 6, "choices", "listed twice"),
    (lambda q: replace(q, "kind: choice", "kind: essay"), 4, "kind", "must be one of choice, multi"),
    (lambda q: replace(q, "    explanation: v ← μ·v + g.\n", ""), 2, "explanation", "is required"),
    (lambda q: replace(q, "card: momentum\n    kind: numeric", "card: nesterov\n    kind: numeric"), 9,
     "card", "no card has the id 'nesterov'"),
    (lambda q: replace(q, "id: momentum-number", "id: momentum-choice"), 9, "id", "already defined"),
    (lambda q: replace(q, "tolerance: {abs: 0.01}", "tolerance: {abs: -1}"), 14, "tolerance", "must be a number > 0"),
    (lambda q: replace(q, "tolerance: {abs: 0.01}", "tolerance: 0.01"), 14, "tolerance", "{abs: number}"),
    (lambda q: replace(q, "answer: 10\n", "answer: ten\n"), 13, "answer", "finite number"),
    (lambda q: replace(q, "prompt: What does v hold?", "prompt: What does v hold?\n    hint: no"), 6, "hint",
     "not a field of a choice question"),
    (lambda q: "questions: {}\n", 1, "questions", "a list of questions"),
    (lambda q: q + "  - [not, a, mapping]\n", 16, "question", "must be a mapping"),
]


@pytest.mark.parametrize("mutate, line, field, words", QUIZ_MISTAKES)
def test_quiz_mistakes_are_located(tmp_path, mutate, line, field, words):
    found = problems(make_deck(tmp_path, quiz=mutate(QUIZ)))
    path = tmp_path / "optimizers" / "quiz.yaml"
    assert any(p.startswith(f"{path}:{line}: {field}: ") and words in p for p in found), found


@pytest.mark.parametrize("extra, field, words", [
    ("""  - {id: q-multi, card: momentum, kind: multi, prompt: p, explanation: e, choices: [a, b], answers: [c]}\n""",
     "answers", "'c' is not one of the choices"),
    ("""  - {id: q-tf, card: momentum, kind: truefalse, prompt: p, explanation: e, answer: maybe}\n""",
     "answer", "true or false"),
    ("""  - {id: q-order, card: momentum, kind: order, prompt: p, explanation: e, items: [a, a]}\n""",
     "items", "listed twice"),
    ("""  - {id: q-text, card: momentum, kind: text, prompt: p, explanation: e, answers: []}\n""",
     "answers", "at least one"),
])
def test_each_kind_checks_its_own_fields(tmp_path, extra, field, words):
    found = problems(make_deck(tmp_path, quiz=QUIZ + extra))
    assert any(f": {field}: " in p and words in p for p in found), found


def test_generator_names_are_checked_when_the_registry_is_given(tmp_path):
    quiz = QUIZ + "  - {id: q-gen, card: momentum, kind: computed, generator: nope, explanation: e}\n"
    root = make_deck(tmp_path, quiz=quiz)
    assert not problems(root)  # without a registry there is nothing to check against
    assert any("no generator is called 'nope'" in p for p in problems(root, generators={"dropout_scale": None}))


def test_one_bad_file_does_not_stop_the_rest(tmp_path):
    root = make_deck(tmp_path)
    (root / "optimizers" / "02-broken.md").write_text("---\nid: [\n---\nbody\n", encoding="utf-8")
    deck = load_deck([root])
    assert "momentum" in deck.cards and len(deck.questions) == 2
    assert len(deck.problems) == 1 and "02-broken.md" in str(deck.problems[0])


def test_clashing_ids_across_decks_are_reported_not_overwritten(tmp_path):
    first = make_deck(tmp_path / "a")
    second = tmp_path / "b"
    make_deck(second)
    (second / "optimizers").rename(second / "more-optimizers")
    deck = load_deck([first, second])
    assert deck.cards["momentum"].path.parent.name == "optimizers"
    assert any("already defined" in str(p) and "more-optimizers" in str(p) for p in deck.problems)


def test_binary_and_odd_files_are_problems_not_crashes(tmp_path):
    root = make_deck(tmp_path)
    (root / "optimizers" / "03-binary.md").write_bytes(b"\xff\xfe\x00garbage")
    (root / "optimizers" / "quiz.yaml").write_text("questions:\n  - &a [*a]\n", encoding="utf-8")
    deck = load_deck([root])
    assert {p.path.name for p in deck.problems} >= {"03-binary.md", "quiz.yaml"}


def test_control_characters_never_reach_the_loaded_text(tmp_path):
    card = CARD.replace("The idea", "\x1b[31mThe idea\x1b]0;title\x07")
    deck = load_deck([make_deck(tmp_path, card=card)])
    assert "\x1b" not in deck.cards["momentum"].body and "\x07" not in deck.cards["momentum"].body


def run(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    return (info.value.code, *capsys.readouterr())


def test_check_command_prints_one_line_per_problem_and_fails(tmp_path, capsys):
    root = make_deck(tmp_path, quiz=QUIZ.replace("tolerance: {abs: 0.01}", "tolerance: {abs: 0}"))
    code, out, err = run(["check", str(root)], capsys)
    assert code == 1
    assert out.strip().splitlines() == [f"{root / 'optimizers' / 'quiz.yaml'}:14: tolerance: question "
                                        "momentum-number: abs tolerance must be a number > 0"]
    code, out, _ = run(["check", str(root), "--json"], capsys)
    doc = json.loads(out)
    assert code == 1 and doc["problems"][0]["field"] == "tolerance" and doc["counts"]["cards"] == 1


def test_a_folder_named_with_a_newline_and_an_escape_code_is_one_inert_line(tmp_path, capsys):
    root = make_deck(tmp_path / "deck\nsecond line \x1b[31mred", quiz=QUIZ.replace("tolerance: {abs: 0.01}",
                                                                                 "tolerance: {abs: 0}"))
    code, out, _ = run(["check", str(root)], capsys)
    assert code == 1
    assert len(out.strip().splitlines()) == 1 and "\x1b" not in out
    assert "deck\\nsecond line \\x1b[31mred" in out  # written out, so it can still be found
    code, out, _ = run(["check", str(root), "--json"], capsys)
    assert str(root) in json.loads(out)["problems"][0]["path"]  # JSON keeps the real path


def test_check_passes_a_clean_deck(tmp_path, capsys):
    code, out, err = run(["check", str(make_deck(tmp_path))], capsys)
    assert code == 0 and out == "" and "0 problem(s)" in err


def test_cards_and_show_with_a_user_deck(tmp_path, capsys, monkeypatch):
    # a user's own deck sits beside the built-in one, so its ids must not clash with it
    root = make_deck(tmp_path, card=CARD.replace("id: momentum", "id: my-momentum"),
                     quiz=QUIZ.replace("card: momentum", "card: my-momentum"))
    (root / "optimizers").rename(root / "my-optimizers")
    monkeypatch.setenv("DLTUTOR_DECKS", str(root))
    code, out, _ = run(["cards", "--json", "--topic", "my-optimizers"], capsys)
    assert code == 0
    topic = json.loads(out)["topics"][0]
    assert topic["cards"] == [{"id": "my-momentum", "title": "Momentum",
                               "summary": "A running velocity of past gradients.", "questions": 2}]
    code, out, _ = run(["show", "my-momentum"], capsys)
    assert code == 0 and "Momentum" in out and "v ← μ·v + g" in out
    assert "dltutor plot optimizers --optimizers=sgd,momentum --surface=ravine --lr=0.05 --steps=50" in " ".join(out.split())
    code, _, err = run(["show", "my-momentun"], capsys)
    assert code == 2 and "did you mean my-momentum" in err


def test_topics_come_in_their_stated_order(tmp_path):
    make_deck(tmp_path)
    (tmp_path / "optimizers" / "topic.yaml").write_text(TOPIC.replace("order: 2", "order: 5"), encoding="utf-8")
    other = tmp_path / "activations"
    other.mkdir()
    (other / "topic.yaml").write_text("title: Activations\norder: 9\nsummary: Nonlinearities.\n", encoding="utf-8")
    first = tmp_path / "zeta-basics"
    first.mkdir()
    (first / "topic.yaml").write_text("title: Basics\norder: 1\nsummary: First things.\n", encoding="utf-8")
    assert list(load_deck([tmp_path]).topics) == ["zeta-basics", "optimizers", "activations"]


def test_the_cached_deck_equals_the_loaded_one_and_notices_edits(tmp_path):
    from dltutor.deck.cache import load_cached

    root, cache = make_deck(tmp_path / "deck"), tmp_path / "cache"
    fresh = load_deck([root], check_sims=False)
    first = load_cached([root], cache)
    assert list(cache.glob("deck-*.json"))
    second = load_cached([root], cache)  # from the file this time
    for deck in (first, second):
        assert deck.cards == fresh.cards and deck.questions == fresh.questions and deck.topics == fresh.topics
    card = root / "optimizers" / "01-momentum.md"
    card.write_text(CARD.replace("title: Momentum", "title: Momentum, edited"), encoding="utf-8")
    assert load_cached([root], cache).cards["momentum"].title == "Momentum, edited"
    assert len(list(cache.glob("deck-*.json"))) == 1  # stale copies are removed
    (cache / next(cache.glob("deck-*.json")).name).write_text("{not json", encoding="utf-8")
    assert load_cached([root], cache).cards["momentum"].title == "Momentum, edited"  # a broken cache is rebuilt


def _user_deck(tmp_path):
    root = make_deck(tmp_path / "mine", card=CARD.replace("id: momentum", "id: my-momentum"),
                     quiz=QUIZ.replace("card: momentum", "card: my-momentum"))
    (root / "optimizers").rename(root / "my-optimizers")
    return root


def test_the_top_level_deck_applies_to_every_command(tmp_path, capsys):
    root = _user_deck(tmp_path)
    code, out, err = run(["--deck", str(root), "cards", "--json", "--topic", "my-optimizers"], capsys)
    assert code == 0, err
    assert json.loads(out)["topics"][0]["cards"][0]["id"] == "my-momentum"
    code, out, err = run(["--deck", str(root), "show", "my-momentum"], capsys)
    assert code == 0 and "v ← μ·v + g" in out, err
    code, out, err = run(["--deck", str(root), "show", "MOMENTUM"], capsys)  # a title: the built-in card's
    assert code == 0
    (root / "my-optimizers" / "01-momentum.md").write_text(CARD.replace("id: momentum", "id: Bad Id"), encoding="utf-8")
    code, out, err = run(["--deck", str(root), "check"], capsys)
    assert code == 1 and "01-momentum.md" in out


def test_a_user_deck_that_loads_nothing_says_so(tmp_path, capsys):
    root = _user_deck(tmp_path)
    deck = load_deck([root / "my-optimizers"])  # a topic folder given where a deck folder belongs
    assert len(deck.problems) == 1 and "is a topic folder" in str(deck.problems[0])
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "holds no topic folder" in str(load_deck([empty]).problems[0])
    code, out, err = run(["--deck", str(root / "my-optimizers"), "cards"], capsys)
    assert code == 0 and len(err.strip().splitlines()) == 1 and "is a topic folder" in err
