"""Every built-in exercise: its reference solution passes, its stub says it is not written, and
each listed common mistake (tests/practice/mutants/) fails a check whose message names it.

Checked in this process (checker.check_functions), the way the sandbox checks a file but
without a child process per mutant, so the suite stays quick."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from dltutor.deck import builtin_dir
from dltutor.practice.checker import check_functions
from dltutor.practice.loader import load_catalog
from dltutor.practice.references import registry

CATALOG = load_catalog([builtin_dir()])
EXERCISES = CATALOG.exercises
MUTANTS = Path(__file__).parent / "mutants"


def functions_of(path: Path, names) -> dict:
    namespace = runpy.run_path(str(path), run_name="exercise")
    return {name: namespace[name] for name in names if name in namespace}


def owner(exercise, mistake: str) -> str:
    """The exercise function whose reference computes this mistake (exactly one)."""
    owners = [f for f, ref in exercise.functions.items() if ref and mistake in registry()[ref].mistakes]
    assert len(owners) == 1, f"{exercise.id}: mistake {mistake} belongs to {owners}"
    return owners[0]


def test_the_catalog_loads_without_problems_and_has_30_exercises():
    assert CATALOG.problems == []
    assert len(EXERCISES) >= 30


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_reference_solution_passes(exercise_id):
    exercise = EXERCISES[exercise_id]
    report = check_functions(exercise, functions_of(exercise.solution, exercise.functions))
    failing = report.first_failure
    assert report.passed, failing and (failing.check.name, failing.difference or failing.error)


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_stub_is_not_written_yet(exercise_id):
    exercise = EXERCISES[exercise_id]
    stub = functions_of(exercise.stub, exercise.functions)
    assert set(stub) == set(exercise.functions)
    report = check_functions(exercise, stub)
    assert not report.passed and "not written yet" in report.first_failure.error


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_the_stub_states_its_card_and_how_to_check_it(exercise_id):
    exercise = EXERCISES[exercise_id]
    text = exercise.stub.read_text()
    assert f"(card: {exercise.card})" in text and f"dltutor practice {exercise.id} " in text
    assert "raise NotImplementedError" in text and "\\" not in text  # Unicode maths, no LaTeX


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_mistake_has_a_mutant(exercise_id):
    exercise = EXERCISES[exercise_id]
    path = MUTANTS / f"{exercise.file_name}"
    assert path.is_file()
    names = {n for n in runpy.run_path(str(path)) if not n.startswith("_") and n not in ("np", "math")}
    assert {m.id.replace("-", "_") for m in exercise.mistakes} <= names
    assert len(exercise.mistakes) >= 1


CASES = [(e.id, m.id) for e in EXERCISES.values() for m in e.mistakes]


@pytest.mark.parametrize(("exercise_id", "mistake"), CASES, ids=[f"{e}:{m}" for e, m in CASES])
def test_mutant_fails_and_the_mistake_is_named(exercise_id, mistake):
    exercise = EXERCISES[exercise_id]
    functions = functions_of(exercise.solution, exercise.functions)
    mutant = runpy.run_path(str(MUTANTS / exercise.file_name))[mistake.replace("-", "_")]
    functions[owner(exercise, mistake)] = mutant
    report = check_functions(exercise, functions)
    assert not report.passed
    failing = report.first_failure
    assert failing.mistake is not None, (failing.check.name, failing.difference or failing.error)
    assert failing.mistake.id == mistake, (failing.check.name, failing.difference)
