"""`dltutor practice`: write an exercise file, check it in a sandbox, watch it, hints, solution.

The line-mode front end of dltutor.practice. `register(app)` adds the command to the Typer app.
Every mistake the user can make ends in one line on stderr and exit status 2; a failing check
exits with 1, a pass with 0.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import typer

WATCH_HELP = "Re-check on every save of the file, showing only the first failing check (Ctrl-C stops)."


def register(app: typer.Typer) -> None:
    app.command("practice")(practice)


def _fail(message: str, code: int = 2) -> None:
    typer.echo("dltutor: practice: " + " ".join(message.splitlines()), err=True)
    raise typer.Exit(code)


def practice(
    exercise_id: Optional[str] = typer.Argument(None, metavar="[ID]", help="The exercise (see the list)."),
    watch: bool = typer.Option(False, "--watch", help=WATCH_HELP),
    hint: bool = typer.Option(False, "--hint", help="Reveal the next hint (one more each time)."),
    solution: bool = typer.Option(False, "--solution", help="Show the reference solution (recorded as viewed)."),
    folder: Optional[Path] = typer.Option(
        None, "--dir", metavar="DIR", help="Where exercise files go (default: practice/ in the data home)."
    ),
    decks: Optional[list[Path]] = typer.Option(
        None, "--deck", metavar="DIR", help="A folder of your own cards (and exercises/), repeatable."
    ),
) -> None:
    """Implement it yourself: exercises checked against PyTorch's numbers. Without ID, the list.

    [b]Examples[/b]

      dltutor practice softmax --watch     write softmax.py, then re-check it on every save

      dltutor practice softmax --hint      one more hint
    """
    from rich.console import Console

    from dltutor.deck import deck_dirs
    from dltutor.practice.loader import find_exercise, load_catalog

    console = Console(highlight=False, emoji=False)
    errors = Console(stderr=True, highlight=False, emoji=False)
    if sum((watch, hint, solution)) > 1:
        _fail("--watch, --hint and --solution go one at a time")
    if exercise_id is None:
        if watch or hint or solution:
            _fail("--watch, --hint and --solution need an exercise ID")
        catalog = load_catalog(deck_dirs(decks or ()))
        _warn_problems(errors, catalog.problems)
        _list(console, errors, catalog, decks, folder)
        return
    problems: list[str] = []
    exercise = find_exercise(deck_dirs(decks or ()), exercise_id, problems)
    if exercise is None:
        catalog = load_catalog(deck_dirs(decks or ()), check_references=False)
        if problems:
            _fail(problems[0])
        _unknown(exercise_id, catalog)
    if hint:
        _hint(console, _store(errors), exercise)
    elif solution:
        _store(errors).view_solution(exercise.id, exercise.card)
        _show_solution(console, exercise, "solution")
    else:
        code = _run(console, errors, exercise, folder, watch)
        raise typer.Exit(code)


def _warn_problems(errors, problems: list[str]) -> None:
    if problems:
        errors.print(
            f"dltutor: warning: {len(problems)} problem(s) in the exercises; those were skipped: "
            + problems[0]
            + (" …" if len(problems) > 1 else ""),
            soft_wrap=True,
            markup=False,
        )


def _unknown(exercise_id: str, catalog) -> None:
    import difflib

    near = difflib.get_close_matches(exercise_id, list(catalog.exercises), n=3, cutoff=0.5)
    near += [e for e in catalog.exercises if exercise_id and exercise_id in e and e not in near][: 3 - len(near)]
    shown = exercise_id if exercise_id.isprintable() else exercise_id.encode("unicode_escape").decode("ascii")
    hint = f"; did you mean {', '.join(near)}?" if near else "; run `dltutor practice` for the list"
    _fail(f"no exercise {shown!r}{hint}")


def _store(errors):
    """The progress store, or an in-memory one after a one-line warning (as the quiz does)."""
    from rich.markup import escape

    from dltutor.store import Store, StoreError, open_store

    try:
        store = open_store()
    except StoreError as err:
        errors.print(
            f"[yellow]dltutor: {escape(str(err))}; practice progress will not be saved.[/yellow]", soft_wrap=True
        )
        return Store(Path(":memory:"))
    if store.moved_aside is not None:
        errors.print(
            f"[yellow]dltutor: the progress database was damaged; it was moved to "
            f"{escape(str(store.moved_aside))} and a new one was started.[/yellow]",
            soft_wrap=True,
        )
    return store


def _list(console, errors, catalog, decks, folder) -> None:
    from rich.table import Table

    from dltutor.deck import deck_dirs
    from dltutor.deck.cache import load_cached
    from dltutor.practice.workspace import workspace_dir
    from dltutor.store import data_dir

    if not catalog.exercises:
        console.print("No exercises found.")
        return
    deck = load_cached(deck_dirs(decks or ()), data_dir() / "cache")
    progress = _store(errors).practice()
    groups: dict[str, list] = {}
    for ex in catalog.exercises.values():
        card = deck.cards.get(ex.card)
        groups.setdefault(card.topic if card else "", []).append(ex)
    order = [t for t in deck.topics if t in groups] + ([""] if "" in groups else [])
    marks = {
        "passed": "[green]✓ passed[/green]",
        "failing": "[yellow]✗ failing[/yellow]",
        "not started": "[dim]· not started[/dim]",
    }
    table = Table(show_edge=False, box=None, pad_edge=False)
    table.add_column("exercise")
    table.add_column("what you write")
    table.add_column("state")
    states = {}
    for topic in order:
        title = deck.topics[topic].title if topic else "Other"
        table.add_row(f"[bold]{title}[/bold]", "", "")
        for ex in groups[topic]:
            row = progress.get(ex.id)
            states[ex.id] = row.state if row else "not started"
            table.add_row(f"  {ex.id}", ex.title, marks[states[ex.id]])
    console.print(table)
    passed = sum(s == "passed" for s in states.values())
    console.print(f"\n{passed} of {len(states)} passed · your files: {workspace_dir(folder)}")
    following = [e for e, s in states.items() if s == "failing"] or [e for e, s in states.items() if s == "not started"]
    if following:
        console.print(f"Next: [bold]dltutor practice {following[0]} --watch[/bold]")
    else:
        console.print("Every exercise passes. Well done.")


def _hint(console, store, exercise) -> None:
    if not exercise.hints:
        console.print(f"{exercise.id} has no hints.")
        return
    shown = store.use_hint(exercise.id, exercise.card, len(exercise.hints))
    for number, text in enumerate(exercise.hints[:shown], 1):
        console.print(f"Hint {number} of {len(exercise.hints)}: {text}", markup=False, soft_wrap=True)
    if shown < len(exercise.hints):
        console.print("[dim](--hint again for the next one)[/dim]")


def _show_solution(console, exercise, title: str) -> None:
    from rich.syntax import Syntax

    try:
        text = exercise.solution.read_text(encoding="utf-8")
    except OSError as err:
        _fail(f"cannot read {exercise.solution}: {err.strerror or err}", code=1)
    console.print(f"[bold]The reference {title} for {exercise.id}:[/bold]")
    if console.is_terminal:
        console.print(
            Syntax(text.rstrip("\n"), "python", theme="ansi_dark", background_color="default", word_wrap=True)
        )
    else:
        console.print(text.rstrip("\n"), markup=False, soft_wrap=True)


def _check(console, store, exercise, path: Path, child=None) -> bool:
    from dltutor.practice.loader import reference_problems
    from dltutor.practice.sandbox import Child

    child = child or Child(path)  # first: its NumPy import overlaps ours and the expected values' work
    problems = reference_problems(exercise)
    if problems:
        child.cancel()
        _fail(problems[0])
    from dltutor.practice.checker import check_file
    from dltutor.practice.report import render

    report = check_file(exercise, path, child=child)
    store.record_attempt(
        exercise.id, exercise.card, passed=report.passed, result=report.summary, at=datetime.now(timezone.utc)
    )
    text = render(report)
    head, _, rest = text.partition("\n")
    console.print(head, style="bold green" if report.passed else "bold red", markup=False, soft_wrap=True)
    if rest:
        console.print(rest, markup=False, soft_wrap=True)
    if report.passed:
        console.print()
        _show_solution(console, exercise, "solution (compare it with yours)")
    return report.passed


def _run(console, errors, exercise, folder: Path | None, watch: bool) -> int:
    from dltutor.practice.sandbox import Child
    from dltutor.practice.workspace import WorkspaceError, readable, workspace_dir, write_exercise

    try:
        path, written = write_exercise(exercise, workspace_dir(folder))
    except WorkspaceError as err:
        _fail(str(err))
    console.print(f"{'Wrote' if written else 'Your file'}: {path}", markup=False)
    why = readable(path)
    if why:
        _fail(why)
    child = None if watch else Child(path)  # as early as possible: it starts up while we open the store
    store = _store(errors)
    if not watch:
        passed = _check(console, store, exercise, path, child)
        if not passed:
            console.print(
                f"[dim]Edit the file, then run this again (or add --watch). "
                f"Stuck? dltutor practice {exercise.id} --hint[/dim]",
                soft_wrap=True,
            )
        return 0 if passed else 1
    return _watch(console, store, exercise, path)


def _watch(console, store, exercise, path: Path) -> int:
    from watchfiles import watch as watch_changes

    def again() -> bool:
        console.clear()
        console.print(f"[dim]Watching {path} — save to re-check, Ctrl-C to stop.[/dim]", markup=True)
        why = _readable(path)
        if why:
            console.print(why, markup=False)
            return False
        return _check(console, store, exercise, path)

    try:
        if again():
            return 0
        # the folder, not the file: editors often save by writing a new file and renaming it
        for changes in watch_changes(path.parent, debounce=150, step=50, rust_timeout=0):
            if any(Path(p).name == path.name for _, p in changes) and again():
                return 0
    except KeyboardInterrupt:
        console.print()
        return 130
    return 1


def _readable(path: Path) -> str | None:
    from dltutor.practice.workspace import readable

    return readable(path)
