"""How every command fails: one line on stderr, `dltutor: ...`, and a non-zero exit."""

from __future__ import annotations

import typer


def one_line(message: str) -> str:
    """An error message on one line, whatever line breaks the user's own text brought into it."""
    return " ".join(message.splitlines())


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"dltutor: {one_line(message)}", err=True)
    raise typer.Exit(code)
