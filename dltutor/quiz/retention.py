"""The desired retention FSRS schedules for: the --retention flag (saved for later sessions),
DLTUTOR_RETENTION (this run only), the saved setting, or 0.9.

Apart from scheduling so that reading it loads no fsrs (a quiz reads it before its first question
and needs fsrs only for its first answer).
"""

from __future__ import annotations

import os

DEFAULT_RETENTION = 0.9
RETENTION_RANGE = (0.7, 0.99)
RETENTION_KEY = "desired_retention"  # in the store's app_state
RETENTION_ENV = "DLTUTOR_RETENTION"


class RetentionError(ValueError):
    """A desired retention outside 0.7–0.99; the message names where it came from."""


def check_retention(value: float | str, source: str) -> float:
    """The value as a float, or RetentionError naming `source` (a flag or variable) in one line."""
    low, high = RETENTION_RANGE
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not low <= number <= high:  # nan fails too
        raise RetentionError(
            f"{source}: the desired retention must be a number from {low} to {high} "
            f"(the share of reviews you mean to recall), not {value!r}"
        )
    return number


def desired_retention(store, given: float | None = None, environ=None) -> float:
    """The flag's value (then saved for later sessions), else DLTUTOR_RETENTION (this run only),
    else the saved setting, else 0.9. A bad flag or variable raises RetentionError."""
    environ = os.environ if environ is None else environ
    if given is not None:
        value = check_retention(given, "--retention")
        store.set(RETENTION_KEY, repr(value))
        return value
    if environ.get(RETENTION_ENV, "").strip():
        return check_retention(environ[RETENTION_ENV].strip(), RETENTION_ENV)
    saved = store.get(RETENTION_KEY)
    try:
        return check_retention(saved, "saved") if saved is not None else DEFAULT_RETENTION
    except RetentionError:  # a hand-edited database: the default, not a failure
        return DEFAULT_RETENTION
