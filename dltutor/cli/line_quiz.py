"""`dltutor quiz` in line mode: a question, an answer typed on one line, feedback, and on.

Works in any terminal and with piped stdin (one answer per line; the summary at end of input), so
it can be scripted. `?` shows the card's summary as a hint, `s` skips, `q` quits; every answer
already given is saved.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from typing import Callable

from rich.console import Console
from rich.markup import escape

from dltutor.quiz import present
from dltutor.quiz.grading import Unreadable
from dltutor.quiz.session import Asked, Result, Session
from dltutor.store import Store


class LineReader:
    """One answer per line, from a terminal prompt or from a pipe; None at end of input."""

    def __init__(self, console: Console, interactive: bool):
        self.console, self.interactive = console, interactive

    def __call__(self, prompt: str = "> ") -> str | None:
        if self.interactive:
            try:
                return self.console.input(prompt)
            except EOFError:
                return None
        line = sys.stdin.readline()
        if not line:
            return None
        self.console.print(f"{prompt}{escape(line.rstrip())}", highlight=False)
        return line.rstrip("\n")


def run_quiz(session: Session, console: Console, read: Callable[[str], str | None],
             now: Callable[[], datetime] = lambda: datetime.now(timezone.utc), interactive: bool = False) -> dict:
    """Ask every question of the session; return its summary."""
    while (asked := session.next()) is not None:
        show_question(console, session, asked)
        began = time.monotonic()
        while True:
            text = read("> ")
            if text is None or text.strip().lower() == "q":
                return finish(console, session, quit_early=True)
            command = text.strip().lower()
            if command == "?":
                console.print(f"[dim]{escape(present.hint(session.deck, asked))}[/dim]")
                continue
            if command == "s":
                session.skip()
                console.print("[dim]Skipped.[/dim]")
                break
            try:
                result = session.answer(asked, text, now(), int((time.monotonic() - began) * 1000))
            except Unreadable as err:
                console.print(f"[yellow]{escape(str(err))}[/yellow]")
                continue
            show_feedback(console, session, result)
            if interactive and result.feedback.correct:
                rating = (read(f"[dim]{present.AFTER_RIGHT}[/dim] ") or "").strip().lower()
                if rating in ("h", "e"):
                    session.rerate(result, "hard" if rating == "h" else "easy", now())
            break
    return finish(console, session)


def show_question(console: Console, session: Session, asked: Asked) -> None:
    console.print()
    console.rule(f"[bold]{escape(present.heading(session.deck, asked))}[/bold]", align="left")
    console.print(escape(asked.instance.prompt))
    for option in present.options(asked):
        label, _, text = option.partition(") ")
        console.print(f"  [bold]{label})[/bold] {escape(text)}", highlight=False)
    console.print(f"[dim]{present.how_to_answer(asked)}; {present.COMMANDS}, q quit.[/dim]")


def show_feedback(console: Console, session: Session, result: Result) -> None:
    fb = result.feedback
    style = "bold green" if fb.correct else "bold red"
    console.print(f"[{style}]{escape(present.verdict(fb))}[/{style}]", highlight=False)
    console.print(escape(fb.explanation), highlight=False)
    card = session.deck.cards[fb.card]
    console.print(f"[dim]Card: {escape(card.title)} (dltutor show {card.id})[/dim]", highlight=False)


def finish(console: Console, session: Session, quit_early: bool = False) -> dict:
    summary = session.summary()
    console.print()
    if summary["answered"] == 0:
        console.print("No answers this time." + (" Stopped." if quit_early else ""))
        return summary
    console.rule("[bold]Summary[/bold]", align="left")
    console.print(escape(present.done(summary)))
    from rich.table import Table  # only the closing summary needs it

    table = Table(show_edge=False)
    table.add_column("topic")
    table.add_column("right", justify="right")
    for topic, (right, total) in summary["per_topic"].items():
        table.add_row(escape(session.deck.topics[topic].title), f"{right} of {total}")
    console.print(table)
    if summary["next_due"] is not None:
        first, last = when(summary["next_due"]), when(summary["last_due"])
        console.print(f"These questions come back for review {first}" + (f" to {last}." if last != first else "."))
    return summary


def when(moment: datetime, now: datetime | None = None) -> str:
    """'in 10 minutes', 'in 3 days', 'now'."""
    seconds = (moment - (now or datetime.now(timezone.utc))).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 60:
        return "in under a minute"
    for size, name in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = round(seconds / size)
            return f"in {n} {name}{'s' if n != 1 else ''}"
    return "now"  # pragma: no cover


def open_progress(console: Console, without: str = "this quiz will not be saved") -> Store:
    """The progress store, or an in-memory one (with a one-line warning that ends with what the
    command does without it) when it cannot be used."""
    from pathlib import Path

    from dltutor.store import StoreError, open_store

    try:
        store = open_store()
    except StoreError as err:
        console.print(f"[yellow]dltutor: {escape(str(err))}; {without}.[/yellow]", highlight=False, soft_wrap=True)
        return Store(Path(":memory:"))
    if store.moved_aside is not None:
        console.print(f"[yellow]dltutor: the progress database was damaged; it was moved to "
                      f"{escape(str(store.moved_aside))} and a new one was started.[/yellow]", highlight=False,
                      soft_wrap=True)
    return store
