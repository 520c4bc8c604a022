"""Practice progress in the store (schema 2) and in topic mastery."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from dltutor.store import SCHEMA_VERSION, open_store

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)


def test_attempts_passes_hints_and_solution(tmp_path):
    store = open_store(tmp_path)
    assert store.practice() == {}
    store.record_attempt("adam-step", "adam", passed=False, result="check 1 failed", at=NOW)
    row = store.practice()["adam-step"]
    assert (row.attempts, row.passes, row.state, row.first_passed_at) == (1, 0, "failing", None)
    assert [store.use_hint("adam-step", "adam", 2) for _ in range(3)] == [1, 2, 2]  # never past the last hint
    store.view_solution("adam-step", "adam")
    store.record_attempt("adam-step", "adam", passed=True, result="passed", at=NOW)
    store.record_attempt(
        "adam-step", "adam", passed=True, result="passed", at=datetime(2026, 2, 1, tzinfo=timezone.utc)
    )
    row = store.practice()["adam-step"]
    assert (row.attempts, row.passes, row.hints_used, row.solution_viewed, row.state) == (3, 2, 2, True, "passed")
    assert row.first_passed_at == NOW and row.last_result == "passed"
    assert store.passed_per_card() == {"adam": 1}


def test_viewing_the_solution_after_a_pass_is_not_recorded_as_help(tmp_path):
    store = open_store(tmp_path)
    store.record_attempt("softmax", "softmax", passed=True, result="passed", at=NOW)
    store.view_solution("softmax", "softmax")
    assert store.practice()["softmax"].solution_viewed is False


def test_a_version_1_database_is_migrated_and_keeps_its_reviews(tmp_path):
    db = sqlite3.connect(tmp_path / "progress.sqlite3")
    from dltutor.store import MIGRATIONS

    for statement in MIGRATIONS[1]:
        db.execute(statement)
    db.execute("INSERT INTO app_state VALUES ('last_card', 'adam')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = open_store(tmp_path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert store.get("last_card") == "adam"
    store.record_attempt("adam-step", "adam", passed=True, result="passed", at=NOW)
    assert store.passed_per_card() == {"adam": 1}


def test_a_passed_exercise_counts_toward_its_topic_mastery(tmp_path):
    from dltutor.deck import load_deck
    from dltutor.quiz.stats import compute

    deck = load_deck(check_sims=False)
    store = open_store(tmp_path)
    before = {t["topic"]: t for t in compute(deck, store, NOW)["topics"]}
    assert before["optimizers"]["mastery"] is None and before["optimizers"]["exercises_passed"] == 0
    store.record_attempt("adam-step", "adam", passed=True, result="passed", at=NOW)
    store.record_attempt("softmax", "softmax", passed=False, result="check 2 failed", at=NOW)
    after = {t["topic"]: t for t in compute(deck, store, NOW)["topics"]}
    total = after["optimizers"]["total"]  # no question answered: the exercise is the one item mastered
    assert after["optimizers"]["mastery"] == 1 / (total + 1) and after["optimizers"]["exercises_passed"] == 1
    assert after["activations"]["mastery"] is None  # failing exercises do not count
