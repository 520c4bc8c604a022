"""The progress store survives what users' machines do to it."""

import os
import sqlite3
import stat
from datetime import datetime, timezone

import pytest

from dltutor.store import FILE_NAME, SCHEMA_VERSION, StoreError, open_store

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def record(store, qid="q1"):
    return store.record(
        question_id=qid,
        card_id="c",
        topic_id="t",
        at=NOW,
        answer="a",
        correct=True,
        rating=3,
        duration_ms=10,
        card_before=None,
        card_after={"due": NOW.isoformat()},
    )


def _open_and_write(home, barrier, results):
    barrier.wait()  # both processes create the same new database at the same moment
    try:
        store = open_store(home)
        store.set("opened", str(os.getpid()))
        store.close()
        results.put("ok")
    except Exception as err:  # reported to the parent, which fails the test with it
        results.put(f"{type(err).__name__}: {err}")


def test_two_processes_creating_the_database_at_once_both_open_it(tmp_path):
    """SQLite refuses a second connection's switch to WAL on a brand-new file with "database is
    locked" at once (no busy wait); the store must wait its turn instead of failing the quiz."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    outcomes = []
    for round_ in range(25):
        home = tmp_path / str(round_)
        barrier, results = context.Barrier(2), context.Queue()
        procs = [context.Process(target=_open_and_write, args=(home, barrier, results)) for _ in range(2)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(timeout=60)
        outcomes += [results.get(timeout=5) for _ in procs]
    assert outcomes == ["ok"] * 50


def test_a_database_one_byte_short_keeps_every_answer_and_is_not_moved_aside(tmp_path):
    """The byte cut off is free space at the end of the last page: SQLite reads the file as it is and
    the next write restores the page. Moving the file aside would lose progress for nothing."""
    store = open_store(tmp_path)
    for i in range(50):
        record(store, f"q{i}")
    store.close()
    path = tmp_path / FILE_NAME
    path.write_bytes(path.read_bytes()[:-1])
    again = open_store(tmp_path)
    assert again.moved_aside is None and len(list(again.reviews())) == 50
    record(again, "q-new")
    assert again.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again.close()
    assert list(tmp_path.glob(f"{FILE_NAME}.corrupt-*")) == []


def test_answers_persist_across_opens(tmp_path):
    store = open_store(tmp_path)
    record(store)
    store.close()
    again = open_store(tmp_path)
    assert [r.question_id for r in again.reviews()] == ["q1"]
    assert again.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(os.urandom(4096)),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 3]),
        lambda p: p.write_bytes(b""),
    ],
)
def test_a_damaged_file_is_moved_aside_and_a_new_one_started(tmp_path, damage):
    store = open_store(tmp_path)
    for i in range(50):
        record(store, f"q{i}")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = tmp_path / FILE_NAME
    original = path.read_bytes()
    damage(path)
    damaged = path.read_bytes()
    fresh = open_store(tmp_path)
    if damaged == b"":  # an empty file is a valid empty database to SQLite: kept, and made current
        assert fresh.moved_aside is None
        return
    assert fresh.moved_aside is not None and fresh.moved_aside.read_bytes() == damaged  # nothing destroyed
    assert list(fresh.reviews()) == []
    record(fresh)
    assert original  # the test really had data to lose


def test_a_newer_database_is_left_untouched(tmp_path):
    store = open_store(tmp_path)
    record(store)
    store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    store.close()
    before = (tmp_path / FILE_NAME).read_bytes()
    with pytest.raises(StoreError, match="newer dltutor") as err:
        open_store(tmp_path)
    assert "\n" not in str(err.value)
    assert (tmp_path / FILE_NAME).read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_folder_is_a_clear_message(tmp_path):
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreError, match="cannot write progress"):
            open_store(tmp_path / "sub")
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_an_unwritable_file_is_a_clear_message(tmp_path, monkeypatch):
    open_store(tmp_path).close()
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(StoreError, match="cannot write progress"):
        open_store(tmp_path)


def test_two_connections_write_without_losing_anything(tmp_path):
    a, b = open_store(tmp_path), open_store(tmp_path)
    for i in range(100):
        record(a if i % 2 else b, f"q{i}")
    assert sorted(r.question_id for r in a.reviews()) == sorted(f"q{i}" for i in range(100))
    assert a.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_app_state(tmp_path):
    store = open_store(tmp_path)
    assert store.get("last_card") is None
    store.set("last_card", "momentum")
    store.set("last_card", "adam")
    assert store.get("last_card") == "adam"
    assert sqlite3.connect(tmp_path / FILE_NAME).execute("SELECT count(*) FROM app_state").fetchone()[0] == 1
