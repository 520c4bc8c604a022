"""The learner's practice folder: where exercise files are written (and never overwritten)."""

from __future__ import annotations

import os
from pathlib import Path

from dltutor.practice.model import Exercise


class WorkspaceError(Exception):
    """The folder or file cannot be used; the message says why in one line."""


def workspace_dir(override: Path | None = None) -> Path:
    """--dir, else <data home>/practice (DLTUTOR_HOME moves the data home)."""
    if override is not None:
        return Path(override).expanduser()
    from dltutor.store import data_dir

    return data_dir() / "practice"


def exercise_path(exercise: Exercise, folder: Path) -> Path:
    return folder / exercise.file_name


def write_exercise(exercise: Exercise, folder: Path) -> tuple[Path, bool]:
    """Copy the stub into the folder unless the learner's file is already there: (path, written)."""
    path = exercise_path(exercise, folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if path.exists():
            return path, False
        text = exercise.stub.read_text(encoding="utf-8")
        with open(path, "x", encoding="utf-8") as f:  # "x": never replaces a file that appeared meanwhile
            f.write(text)
    except FileExistsError:
        return path, False
    except OSError as err:
        raise WorkspaceError(f"cannot write {path}: {err.strerror or err}") from None
    return path, True


def readable(path: Path) -> str | None:
    """Why the learner's file cannot be checked, or None when it can."""
    if not path.is_file():
        return f"{path} is missing (run the command without --watch to write it again)"
    if not os.access(path, os.R_OK):
        return f"{path} cannot be read (no permission)"
    return None
