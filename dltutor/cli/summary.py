"""`dltutor plot ... --table`: the kind's summary table (named by its spec) and the command that made it."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from dltutor import scenes


def print_summary(scene: scenes.Scene, result: Any, console: Console | None = None) -> None:
    console = console or Console()
    console.print(scene.spec.load(scene.spec.table)(result))
    console.print(f"[dim]{scenes.command(scene)}  (add --json for every step)[/dim]", soft_wrap=True)
