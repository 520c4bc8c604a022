"""`dltutor quiz` in line mode: a question, an answer typed on one line, feedback, and on.

Works in any terminal and with piped stdin (one answer per line; the summary at end of input), so
it can be scripted. `?` shows the question's hint, `s` skips (and shows the answer), `u` takes the
last answer back, `q` quits; every answer already given is saved.
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


def run_quiz(
    session: Session,
    console: Console,
    read: Callable[[str], str | None],
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    interactive: bool = False,
) -> dict:
    """Ask every question of the session; return its summary."""
    while (asked := session.next()) is not None:
        show_question(console, session, asked)
        began = time.monotonic()
        while True:
            text = read("> ")
            if text is None or text.strip().lower() == "q":
                return finish(console, session, now(), quit_early=True)
            command = text.strip().lower()
            if command == "?":
                console.print(f"[dim]{escape(present.hint(session.deck, asked))}[/dim]", highlight=False)
                continue
            if command == "s":
                console.print(f"[dim]{escape(present.skipped(session.skip()))}[/dim]", highlight=False)
                break
            if command == "u":
                if undo(console, session):
                    break  # the question answered last is asked again
                continue
            try:
                result = session.answer(asked, text, now(), int((time.monotonic() - began) * 1000))
            except Unreadable as err:
                console.print(f"[yellow]{escape(str(err))}[/yellow]")
                continue
            show_feedback(console, session, result, interactive)
            if interactive and result.feedback.correct:  # (after a wrong answer, u works at the next prompt)
                choice = (read(f"[dim]{present.AFTER_RIGHT}[/dim] ") or "").strip().lower()
                if choice in ("h", "e"):
                    result = session.rerate(result, "hard" if choice == "h" else "easy")
                    console.print(f"[dim]{escape(present.regraded(result))}[/dim]", highlight=False)
                elif choice == "u":
                    undo(console, session)
            break
    return finish(console, session, now())


def undo(console: Console, session: Session) -> bool:
    """Take back the last answer; say so (or that there is nothing to take back)."""
    if session.undo() is None:
        console.print(f"[yellow]{present.NOTHING_TO_UNDO}[/yellow]")
        return False
    console.print(f"[dim]{present.UNDONE}[/dim]")
    return True


def show_question(console: Console, session: Session, asked: Asked) -> None:
    console.print()
    console.rule(f"[bold]{escape(present.heading(session.deck, asked))}[/bold]", align="left")
    console.print(escape(asked.instance.prompt))
    for option in present.options(asked):
        label, _, text = option.partition(") ")
        hanging(console, f"  {label}) ", text)
    console.print(f"[dim]{present.how_to_answer(asked)}; {present.COMMANDS}, q quit.[/dim]")


def hanging(console: Console, label: str, text: str) -> None:
    """`label` then `text`, its wrapped lines indented to start under the text's first word."""
    from rich.text import Text

    lines = Text(text).wrap(console, max(console.width - len(label), 20))
    for i, line in enumerate(lines):
        line.rstrip()
        head = Text(label, style="bold") if i == 0 else Text(" " * len(label))
        console.print(head + line, highlight=False, soft_wrap=True)


def show_feedback(console: Console, session: Session, result: Result, interactive: bool = False) -> None:
    fb = result.feedback
    style = "bold green" if fb.correct else "bold red"
    console.print(f"[{style}]{escape(present.verdict(fb))}[/{style}]", highlight=False)
    console.print(escape(fb.explanation), highlight=False)
    card = session.deck.cards[fb.card]
    console.print(f"[dim]Card: {escape(card.title)} (dltutor show {card.id})[/dim]", highlight=False)
    grades = present.grades(result, session.preview(result), keys=interactive and fb.correct)
    console.print(f"[dim]{escape(grades)}[/dim]", highlight=False)


def finish(console: Console, session: Session, now: datetime, quit_early: bool = False) -> dict:
    summary = session.summary()
    console.print()
    if summary["answered"] == 0:
        console.print(present.done(summary) + (" Stopped." if quit_early else ""))
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
    review = present.to_go_over(summary, now)
    if review:
        console.print(f"\n{present.TO_GO_OVER}")
        for line in review:
            hanging(console, f"  {line[:2]}", line[2:])
    console.print(escape(present.comes_back(summary, now)), highlight=False)
    return summary


def nothing_to_ask(
    console: Console, deck, store: Store, now: datetime, *, topics: list[str], card: str | None, review: bool
) -> None:
    """Why there is no question, and when the next review of these questions is."""
    from dltutor.quiz.session import questions_in
    from dltutor.quiz.stats import due_counts

    states = store.states()
    pool = {q.id: states[q.id] for q in questions_in(deck, topics=topics, card=card) if q.id in states}
    console.print(present.nothing_to_ask(due_counts(pool, now), now, review))


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
        console.print(
            f"[yellow]dltutor: the progress database was damaged; it was moved to "
            f"{escape(str(store.moved_aside))} and a new one was started.[/yellow]",
            highlight=False,
            soft_wrap=True,
        )
    return store
