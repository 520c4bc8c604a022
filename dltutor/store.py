"""Progress in SQLite: every answer committed as it is given, FSRS card states, small app state.

The database lives in the user data dir (platformdirs), or in DLTUTOR_HOME. WAL mode and a busy
timeout let two processes answer at once. The schema is versioned with PRAGMA user_version and
migrated forward. A corrupt file is moved aside (and the new name reported); a file from a newer
dltutor is left untouched; a folder that cannot be written is reported — never a traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

SCHEMA_VERSION = 2
FILE_NAME = "progress.sqlite3"

# MIGRATIONS[v] takes a database from schema v − 1 to v.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            question_id TEXT NOT NULL,
            card_id TEXT NOT NULL,
            topic_id TEXT NOT NULL,
            at TEXT NOT NULL,             -- UTC, ISO 8601
            answer TEXT NOT NULL,
            correct INTEGER NOT NULL,
            rating INTEGER NOT NULL,      -- fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy
            duration_ms INTEGER,
            card_before TEXT,             -- FSRS state before this review (JSON), so a rating can be changed
            card_after TEXT NOT NULL
        )""",
        "CREATE INDEX reviews_question ON reviews (question_id)",
        "CREATE INDEX reviews_at ON reviews (at)",
        """CREATE TABLE cards (
            question_id TEXT PRIMARY KEY,
            state TEXT NOT NULL,          -- fsrs.Card.to_dict() as JSON
            due TEXT NOT NULL
        )""",
        "CREATE TABLE app_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
    2: [
        """CREATE TABLE practice (
            exercise_id TEXT PRIMARY KEY,
            card_id TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,       -- checks run
            passes INTEGER NOT NULL DEFAULT 0,         -- checks that passed
            hints_used INTEGER NOT NULL DEFAULT 0,     -- hints revealed (the next one is hints_used + 1)
            solution_viewed INTEGER NOT NULL DEFAULT 0, -- 1 when the solution was asked for before a pass
            first_passed_at TEXT,                      -- UTC, ISO 8601
            last_at TEXT,
            last_result TEXT                           -- one line: passed, or the first failing check
        )""",
    ],
}


@dataclass(frozen=True)
class Practice:
    exercise_id: str
    card_id: str
    attempts: int
    passes: int
    hints_used: int
    solution_viewed: bool
    first_passed_at: datetime | None
    last_result: str | None

    @property
    def state(self) -> str:
        return "passed" if self.passes else "failing" if self.attempts else "not started"


class StoreError(Exception):
    """Progress cannot be kept; the message says why in one line."""


def data_dir() -> Path:
    home = os.environ.get("DLTUTOR_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("dltutor", appauthor=False))


def utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware (UTC)")
    return moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class Review:
    id: int
    question_id: str
    card_id: str
    topic_id: str
    at: datetime
    answer: str
    correct: bool
    rating: int
    duration_ms: int | None


class Store:
    """One open progress database. Use `open_store()` to get one with friendly failures."""

    def __init__(self, path: Path):
        self.path = path
        self.moved_aside: Path | None = None
        self.db = sqlite3.connect(path, timeout=10.0, isolation_level=None)
        self.db.execute("PRAGMA busy_timeout = 10000")
        self._use_wal()
        self.db.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    def _use_wal(self, patience: float = 10.0) -> None:
        """Switch to WAL, waiting out other processes doing the same. SQLite answers "database is
        locked" at once here, without calling the busy handler, when another connection is
        changing the journal mode of a new database at that moment; so we wait and retry."""
        deadline = time.monotonic() + patience
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.005)

    def _migrate(self) -> None:
        version = self._version()
        if version < SCHEMA_VERSION:
            with self.transaction() as db:  # another process may be migrating too: read again under the lock
                version = self._version()
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[target]:
                        db.execute(statement)
                    db.execute(f"PRAGMA user_version = {target}")
            version = self._version()
        if version > SCHEMA_VERSION:
            self.db.close()
            raise StoreError(
                f"{self.path} was written by a newer dltutor (schema {version}; this one knows "
                f"{SCHEMA_VERSION}); it was left untouched: upgrade dltutor, or set DLTUTOR_HOME "
                "to use another folder"
            )

    def _version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def transaction(self):
        return _Transaction(self.db)

    def close(self) -> None:
        self.db.close()

    # --- FSRS card states -----------------------------------------------------------------

    def card_state(self, question_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT state FROM cards WHERE question_id = ?", (question_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def states(self) -> dict[str, dict[str, Any]]:
        return {qid: json.loads(state) for qid, state in self.db.execute("SELECT question_id, state FROM cards")}

    def due(self, now: datetime) -> list[str]:
        rows = self.db.execute("SELECT question_id FROM cards WHERE due <= ? ORDER BY due", (utc(now).isoformat(),))
        return [r[0] for r in rows]

    # --- reviews --------------------------------------------------------------------------

    def record(
        self,
        *,
        question_id: str,
        card_id: str,
        topic_id: str,
        at: datetime,
        answer: str,
        correct: bool,
        rating: int,
        duration_ms: int | None,
        card_before: dict | None,
        card_after: dict,
    ) -> int:
        """Store one answer and the card's new state in one committed transaction; returns its id."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO reviews (question_id, card_id, topic_id, at, answer, correct, rating, duration_ms, "
                "card_before, card_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    question_id,
                    card_id,
                    topic_id,
                    utc(at).isoformat(),
                    answer,
                    int(correct),
                    rating,
                    duration_ms,
                    None if card_before is None else json.dumps(card_before),
                    json.dumps(card_after),
                ),
            )
            self._put_card(db, question_id, card_after)
            return cursor.lastrowid

    def rerate(self, review_id: int, rating: int, card_after: dict) -> None:
        """Change the rating of a review (Hard or Easy instead of Good) and the state it led to."""
        with self.transaction() as db:
            row = db.execute("SELECT question_id FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row is None:
                raise KeyError(review_id)
            db.execute(
                "UPDATE reviews SET rating = ?, card_after = ? WHERE id = ?",
                (rating, json.dumps(card_after), review_id),
            )
            self._put_card(db, row[0], card_after)

    def undo(self, review_id: int) -> str:
        """Take back a review: delete it and put its question's FSRS state back as it was before
        (no state: the question is new again). Only a question's latest review can be taken back;
        returns the question id."""
        with self.transaction() as db:
            row = db.execute("SELECT question_id, card_before FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row is None:
                raise KeyError(review_id)
            question_id, before = row
            latest = db.execute("SELECT MAX(id) FROM reviews WHERE question_id = ?", (question_id,)).fetchone()[0]
            if latest != review_id:
                raise ValueError(f"review {review_id} is not the latest of {question_id}")
            db.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            if before is None:
                db.execute("DELETE FROM cards WHERE question_id = ?", (question_id,))
            else:
                self._put_card(db, question_id, json.loads(before))
            return question_id

    def card_before(self, review_id: int) -> dict | None:
        row = self.db.execute("SELECT card_before FROM reviews WHERE id = ?", (review_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    @staticmethod
    def _put_card(db, question_id: str, state: dict) -> None:
        db.execute(
            "INSERT INTO cards (question_id, state, due) VALUES (?, ?, ?) ON CONFLICT(question_id) "
            "DO UPDATE SET state = excluded.state, due = excluded.due",
            (question_id, json.dumps(state), state["due"]),
        )

    def reviews(self, since: datetime | None = None) -> Iterator[Review]:
        query = "SELECT id, question_id, card_id, topic_id, at, answer, correct, rating, duration_ms FROM reviews"
        args: tuple = ()
        if since is not None:
            query += " WHERE at >= ?"
            args = (utc(since).isoformat(),)
        for row in self.db.execute(query + " ORDER BY at, id", args):
            yield Review(
                row[0], row[1], row[2], row[3], datetime.fromisoformat(row[4]), row[5], bool(row[6]), row[7], row[8]
            )

    # --- practice exercises -------------------------------------------------------------

    def practice(self) -> dict[str, Practice]:
        rows = self.db.execute(
            "SELECT exercise_id, card_id, attempts, passes, hints_used, solution_viewed, "
            "first_passed_at, last_result FROM practice"
        )
        return {
            r[0]: Practice(
                r[0], r[1], r[2], r[3], r[4], bool(r[5]), datetime.fromisoformat(r[6]) if r[6] else None, r[7]
            )
            for r in rows
        }

    def record_attempt(self, exercise_id: str, card_id: str, *, passed: bool, result: str, at: datetime) -> None:
        """One check of the learner's file: counted, and the first pass remembered."""
        when = utc(at).isoformat()
        with self.transaction() as db:
            self._practice_row(db, exercise_id, card_id)
            db.execute(
                "UPDATE practice SET attempts = attempts + 1, passes = passes + ?, last_at = ?, "
                "last_result = ?, first_passed_at = CASE WHEN ? AND first_passed_at IS NULL THEN ? "
                "ELSE first_passed_at END WHERE exercise_id = ?",
                (int(passed), when, result, int(passed), when, exercise_id),
            )

    def use_hint(self, exercise_id: str, card_id: str, available: int) -> int:
        """Reveal one more hint (up to `available`); returns how many are revealed now."""
        with self.transaction() as db:
            self._practice_row(db, exercise_id, card_id)
            db.execute(
                "UPDATE practice SET hints_used = MIN(hints_used + 1, ?) WHERE exercise_id = ?",
                (available, exercise_id),
            )
            return db.execute("SELECT hints_used FROM practice WHERE exercise_id = ?", (exercise_id,)).fetchone()[0]

    def view_solution(self, exercise_id: str, card_id: str) -> None:
        """The learner asked for the solution; recorded as such when it comes before a pass."""
        with self.transaction() as db:
            self._practice_row(db, exercise_id, card_id)
            db.execute("UPDATE practice SET solution_viewed = 1 WHERE exercise_id = ? AND passes = 0", (exercise_id,))

    def passed_per_card(self) -> dict[str, int]:
        """How many exercises each card has passed (for mastery)."""
        rows = self.db.execute("SELECT card_id, COUNT(*) FROM practice WHERE passes > 0 GROUP BY card_id")
        return dict(rows.fetchall())

    @staticmethod
    def _practice_row(db, exercise_id: str, card_id: str) -> None:
        db.execute(
            "INSERT INTO practice (exercise_id, card_id) VALUES (?, ?) ON CONFLICT(exercise_id) "
            "DO UPDATE SET card_id = excluded.card_id",
            (exercise_id, card_id),
        )

    # --- small app state ------------------------------------------------------------------

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM app_state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                "value = excluded.value",
                (key, value),
            )


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT: the write lock is taken up front, so two writers queue, never deadlock."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, tb) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK" if kind else "COMMIT")


def open_store(folder: Path | None = None) -> Store:
    """The progress store, with every way it can fail turned into a one-line StoreError.

    A file that is not a database (or fails its integrity check) is renamed to
    progress.sqlite3.corrupt-<time> and a fresh one is started; `store.moved_aside` names it.
    """
    folder = data_dir() if folder is None else folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"cannot create the progress folder {folder}: {err.strerror or err}") from None
    path = folder / FILE_NAME
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise StoreError(f"cannot write progress in {folder} (no permission); set DLTUTOR_HOME to a writable folder")
    moved = None
    if path.exists() and not _healthy(path):
        moved = path.with_name(f"{FILE_NAME}.corrupt-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}")
        try:
            path.rename(moved)
            for extra in ("-wal", "-shm"):
                side = path.with_name(FILE_NAME + extra)
                if side.exists():
                    side.rename(moved.with_name(moved.name + extra))
        except OSError as err:
            raise StoreError(f"{path} is damaged and cannot be moved aside: {err.strerror or err}") from None
    try:
        store = Store(path)
    except sqlite3.Error as err:
        raise StoreError(f"cannot open {path}: {err}") from None
    store.moved_aside = moved
    return store


def _healthy(path: Path) -> bool:
    """True when the file is an SQLite database that passes a quick integrity check."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10.0)
        try:
            ok = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            db.execute("PRAGMA user_version").fetchone()
            return ok
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False
