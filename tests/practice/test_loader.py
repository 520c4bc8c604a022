"""Exercise folders: every problem one line, a bad exercise skipped, user decks, the layering."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from dltutor.deck import builtin_dir
from dltutor.practice.checker import check_functions
from dltutor.practice.loader import find_exercise, load_catalog

GOOD = """\
id: halve
title: Halve it
card: mse
functions:
  halve: null
checks:
  - name: two numbers
    args: {x: {array: [2.0, 5.0]}}
    expected: {array: [1.0, 2.5]}
"""


def deck_with(tmp_path: Path, yaml_text: str, name: str = "halve") -> Path:
    folder = tmp_path / "deck" / "exercises" / name
    folder.mkdir(parents=True)
    (folder / "exercise.yaml").write_text(yaml_text)
    (folder / "stub.py").write_text("def halve(x):\n    raise NotImplementedError\n")
    (folder / "solution.py").write_text("def halve(x):\n    return x / 2\n")
    return tmp_path / "deck"


def test_a_user_deck_exercise_with_literal_expected_values(tmp_path):
    catalog = load_catalog([deck_with(tmp_path, GOOD)])
    assert catalog.problems == []
    exercise = catalog.exercises["halve"]
    assert check_functions(exercise, {"halve": lambda x: x / 2}).passed
    report = check_functions(exercise, {"halve": lambda x: x / 3})
    assert not report.passed and "2 of 2 elements differ" in report.first_failure.difference


def test_problems_are_one_line_each_and_the_exercise_is_skipped(tmp_path):
    bad = (
        GOOD.replace("id: halve", "id: Halve!").replace(
            "functions:\n  halve: null", "functions:\n  halve: no-such-reference"
        )
        + "mistakes:\n  - {id: made-up, says: nothing}\nextra: 1\n"
    )
    catalog = load_catalog([deck_with(tmp_path, bad)])
    assert catalog.exercises == {}
    text = "\n".join(catalog.problems)
    assert (
        "id: required" in text and "no reference named 'no-such-reference'" in text and "extra: unknown field" in text
    )
    assert all("\n" not in p for p in catalog.problems)


def test_bad_yaml_and_bad_inputs(tmp_path):
    catalog = load_catalog([deck_with(tmp_path, "id: [unclosed\n", "a")])
    assert len(catalog.problems) == 1 and "not valid YAML" in catalog.problems[0]
    bad_input = GOOD.replace("{array: [2.0, 5.0]}", "{randn: [100000000]}")
    catalog = load_catalog([deck_with(tmp_path / "b", bad_input)])
    assert catalog.exercises == {} and "more than 100000 elements" in catalog.problems[0]


def test_find_one_exercise_without_the_others(tmp_path):
    problems: list[str] = []
    assert find_exercise([builtin_dir()], "softmax", problems).card == "softmax"
    assert find_exercise([builtin_dir()], "nope", problems) is None and problems == []


def test_every_built_in_exercise_practises_a_card_of_the_deck():
    from dltutor.deck import load_deck

    deck = load_deck(check_sims=False)
    for exercise in load_catalog([builtin_dir()]).exercises.values():
        assert exercise.card in deck.cards, exercise.id


def test_the_practice_core_imports_no_ui():
    code = textwrap.dedent("""
        import sys
        import dltutor.practice.checker, dltutor.practice.report, dltutor.practice.loader, dltutor.practice.workspace
        print(" ".join(n for n in ("textual", "rich", "typer", "dltutor.cli", "dltutor.tui") if n in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_deck_loader_leaves_the_exercises_folder_alone(tmp_path):
    deck = tmp_path / "deck"
    shutil.copytree(builtin_dir() / "exercises" / "softmax", deck / "exercises" / "softmax")
    (deck / "exercises" / "README.md").write_text("# notes\n")
    from dltutor.deck import load_deck

    assert load_deck([deck], check_sims=False).problems == []
