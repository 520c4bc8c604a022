"""The `dltutor` command: parse, call the core, show the result. No logic of its own.

Every failure a user can cause ends in one line on stderr and exit status 2 (a bad flag names
the flag and what is allowed); a traceback is always a bug.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

try:  # typer >= 0.25 carries its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer on real click
    from click import exceptions as click_errors

import dltutor
from dltutor import catalog, practice_cli

app = typer.Typer(
    name="dltutor",
    help="A terminal tutor for deep learning: concept cards, live simulations, spaced-repetition quizzes.",
    rich_markup_mode="rich",
    add_completion=False,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

# Commands that other issues build. Until then each says so, in one line, and fails.
NOT_BUILT: dict[str, str] = {}


class UserError(Exception):
    """A mistake in what the user asked for: shown as one line, exit status 2."""


def _one_line(message: str) -> str:
    """An error message on one line, whatever line breaks the user's own text brought into it."""
    return " ".join(message.splitlines())


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"dltutor: {_one_line(message)}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dltutor {dltutor.__version__}")
        raise typer.Exit(0)


@app.callback()
def session(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
    decks: Optional[list[Path]] = typer.Option(None, "--deck", metavar="DIR",
                                               help="A folder of your own cards beside the built-in deck (repeatable)."),
) -> None:
    """With no command: the interactive session (topic tree, cards, live lab, quiz)."""
    if ctx.invoked_subcommand is None:
        if not sys.stdout.isatty() or not sys.stdin.isatty():
            _fail("the interactive session needs a terminal; `dltutor quiz` and `dltutor plot` work in pipes", code=1)
        from dltutor.tui import make_app

        make_app(decks or ()).run()


def _not_built(name: str, what: str):
    def command(ctx: typer.Context) -> None:
        _fail(f"{name}: {what} is not built yet", code=1)
    command.__doc__ = f"{what[0].upper()}{what[1:]} (not built yet)."
    return command


for _name, _what in NOT_BUILT.items():
    app.command(_name, context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(
        _not_built(_name, _what))


DECK_OPTION = typer.Option(None, "--deck", metavar="DIR",
                           help="A folder of your own cards and quizzes, beside the built-in deck (repeatable; "
                                "also DLTUTOR_DECKS).")


def _load(decks: list[Path] | None):
    from dltutor.deck import deck_dirs, load_deck

    return load_deck(deck_dirs(decks or ()))


def _skipped(deck) -> str:
    """What the deck's problems cost, for the end of a line ('' without problems)."""
    return (f"{len(deck.problems)} problem(s) in the deck; the cards and questions concerned were skipped "
            "(see `dltutor check`)") if deck.problems else ""


def _warn(deck) -> None:
    """The deck-problems warning: once a command is sure to succeed (a failure says it in its one line)."""
    if deck.problems:
        typer.echo(f"dltutor: warning: {_skipped(deck)}", err=True)


@app.command()
def check(
    dirs: Optional[list[Path]] = typer.Argument(None, metavar="[DIR]...",
                                                help="Deck folders to check (default: the built-in deck and yours)."),
    as_json: bool = typer.Option(False, "--json", help="Problems and counts as JSON."),
    dump: bool = typer.Option(False, "--dump", help="Print every question with its answer key (for reviewers)."),
    seed: int = typer.Option(0, "--seed", metavar="N", help="With --dump: the seed for computed questions."),
) -> None:
    """Validate the deck: every problem on one line as path:line: field: message."""
    from dltutor.deck import deck_dirs, load_deck

    if not 0 <= seed < 2**63:
        _fail("check: --seed: must be a whole number >= 0")
    deck = load_deck(list(dirs) if dirs else deck_dirs(), generators=_generators())
    if dump:
        from dltutor.quiz.answer_key import answer_key, print_answer_key

        key = answer_key(deck, seed)
        if as_json:
            import json

            typer.echo(json.dumps(key))
        else:
            print_answer_key(key)
        raise typer.Exit(1 if deck.problems else 0)
    counts = {"topics": len(deck.topics), "cards": len(deck.cards), "questions": len(deck.questions)}
    if as_json:
        import json

        typer.echo(json.dumps({"problems": [p.to_dict() for p in deck.problems], "counts": counts}))
    else:
        for problem in deck.problems:
            typer.echo(str(problem))
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        typer.echo(f"{len(deck.problems)} problem(s); loaded {summary}", err=True)
    raise typer.Exit(1 if deck.problems else 0)


def _generators():
    """The computed-question generators the quiz layer provides (none until it exists)."""
    try:
        from dltutor.quiz.generators import GENERATORS
    except ImportError:
        return {}
    return GENERATORS


@app.command()
def cards(
    topic: Optional[str] = typer.Option(None, "--topic", metavar="TOPIC", help="Only this topic."),
    as_json: bool = typer.Option(False, "--json", help="Topics and cards as JSON."),
    decks: Optional[list[Path]] = DECK_OPTION,
) -> None:
    """List the topics and their cards, with question counts."""
    from dltutor.deck_view import card_list

    deck = _load(decks)
    if topic is not None and topic not in deck.topics:
        _fail(f"cards: --topic: no topic {topic!r}; topics: {', '.join(deck.topics) or 'none'}"
              + (f"; {_skipped(deck)}" if deck.problems else ""))
    _warn(deck)
    card_list(deck, topic, as_json)


@app.command()
def show(
    card_id: str = typer.Argument(..., metavar="CARD_ID", help="A card's id (see `dltutor cards`)."),
    decks: Optional[list[Path]] = DECK_OPTION,
) -> None:
    """Show one card, then the `dltutor plot` command for its simulation."""
    from dltutor.deck_view import show_card

    deck = _load(decks)
    if card_id not in deck.cards:
        import difflib

        near = difflib.get_close_matches(card_id, list(deck.cards), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else "; see `dltutor cards`"
        _fail(f"show: no card has the id {card_id!r}{hint}" + (f"; {_skipped(deck)}" if deck.problems else ""))
    _warn(deck)
    show_card(deck, deck.cards[card_id])


@app.command()
def quiz(
    topic: Optional[list[str]] = typer.Option(None, "--topic", metavar="TOPIC", help="Only these topics (repeatable)."),
    card: Optional[str] = typer.Option(None, "--card", metavar="CARD_ID", help="Only this card's questions."),
    count: int = typer.Option(10, "--count", metavar="N", help="How many questions (1 to 500)."),
    review: bool = typer.Option(False, "--review", help="Only questions that are due for review."),
    seed: Optional[int] = typer.Option(None, "--seed", metavar="N", help="Seed for computed numbers and shuffling."),
    decks: Optional[list[Path]] = DECK_OPTION,
) -> None:
    """A quiz in the terminal: due questions first, then new ones. Answers are saved as you go."""
    import os
    from datetime import datetime, timezone

    from rich.console import Console

    from dltutor.deck import deck_dirs
    from dltutor.deck.cache import load_cached
    from dltutor.quiz.session import Session, choose
    from dltutor.store import data_dir
    from dltutor.quiz_cli import LineReader, open_progress, run_quiz, when

    if not 1 <= count <= 500:
        _fail("quiz: --count: must be a whole number from 1 to 500")
    if seed is not None and not 0 <= seed < 2**63:
        _fail("quiz: --seed: must be a whole number >= 0")
    deck = load_cached(deck_dirs(decks or ()), data_dir() / "cache")
    for name in topic or ():
        if name not in deck.topics:
            _fail(f"quiz: --topic: no topic {name!r}; topics: {', '.join(deck.topics) or 'none'}")
    if card is not None and card not in deck.cards:
        _fail(f"quiz: --card: no card has the id {card!r}; see `dltutor cards`")
    console, errors = Console(highlight=False, emoji=False), Console(stderr=True, highlight=False, emoji=False)
    if deck.problems:
        errors.print(f"dltutor: warning: {len(deck.problems)} problem(s) in the deck; the questions concerned are "
                     "left out (see `dltutor check`)", soft_wrap=True)
    store = open_progress(errors)
    now = datetime.now(timezone.utc)
    seed = int.from_bytes(os.urandom(4), "little") if seed is None else seed  # (the secrets module costs ~4 ms)
    ids = choose(deck, store, now, topics=list(topic or ()), card=card, count=count, review=review, seed=seed)
    if not ids:
        due = store.states()
        upcoming = min((s["due"] for s in due.values()), default=None)
        later = f"; the next review is due {when(datetime.fromisoformat(upcoming), now)}" if upcoming else ""
        console.print("Nothing to ask: no question is due and none is new here" + later + ".")
        return
    session = Session(deck, store, ids, seed)
    interactive = sys.stdin.isatty()
    run_quiz(session, console, LineReader(console, interactive), interactive=interactive)


@app.command()
def stats(
    as_json: bool = typer.Option(False, "--json", help="The figures as JSON."),
    decks: Optional[list[Path]] = DECK_OPTION,
) -> None:
    """Your progress: mastery per topic, streak, reviews due, accuracy, and a review calendar."""
    from datetime import datetime, timezone

    from rich.console import Console

    from dltutor.deck import deck_dirs, load_deck
    from dltutor.quiz.stats import compute
    from dltutor.quiz_cli import open_progress
    from dltutor.stats_view import show_stats

    deck = load_deck(deck_dirs(decks or ()), check_sims=False)
    store = open_progress(Console(stderr=True, highlight=False), without="no progress can be shown")
    figures = compute(deck, store, datetime.now(timezone.utc))
    if as_json:
        import json

        typer.echo(json.dumps(figures))
        return
    show_stats(figures, Console(highlight=False))


practice_cli.register(app)

PLOT_HELP = """Run one simulation and print a summary, or the whole scene and its results as JSON.

KIND is one of: optimizers, schedules, activations, dropout, batch, depth.

[b]Examples[/b]

  dltutor plot optimizers --surface rosenbrock --optimizers sgd,momentum,adam --lr 1e-3 --json

  dltutor plot schedules --schedules step,cosine-restarts -p step.step_size=10 -p cosine-restarts.T_mult=2

  dltutor plot activations relu gelu -p gelu.approximate=tanh

  dltutor plot dropout -p dropout.p=0.3 -p dropout.mode=standard
"""


_OPTIMIZERS_HELP = "Comma-separated, from: " + ", ".join(catalog.OPTIMIZERS) + "."
_SCHEDULES_HELP = "Comma-separated, from: " + ", ".join(catalog.SCHEDULES) + "."
_ACTIVATIONS_HELP = "Comma-separated, from: " + ", ".join(catalog.ACTIVATIONS) + "."
_SURFACES_HELP = "Loss surface: " + ", ".join(catalog.SURFACES) + "."


THEMES = ("default", "clear", "pro", "matrix", "windows", "dark", "retro", "elegant", "mature", "dreamland",
          "grandpa", "salad", "girly", "serious", "sahara", "scream")  # plotext's themes


@app.command(help=PLOT_HELP)
def plot(
    kind: str = typer.Argument(..., metavar="KIND", help="optimizers, schedules, activations, dropout, batch or depth."),
    names: Optional[list[str]] = typer.Argument(None, metavar="[NAMES]...",
                                                help="Components to show (same as --optimizers, ...)."),
    optimizers: Optional[str] = typer.Option(None, "--optimizers", metavar="A,B", help=_OPTIMIZERS_HELP),
    schedules: Optional[str] = typer.Option(None, "--schedules", metavar="A,B", help=_SCHEDULES_HELP),
    activations: Optional[str] = typer.Option(None, "--activations", metavar="A,B", help=_ACTIVATIONS_HELP),
    surface: Optional[str] = typer.Option(None, "--surface", metavar="NAME|EXPR", help=_SURFACES_HELP),
    bounds: Optional[str] = typer.Option(None, "--bounds", metavar="X0,X1,Y0,Y1", help="Plot bounds (optimizers)."),
    lr: Optional[str] = typer.Option(None, "--lr", metavar="LR", help="Learning rate (optimizers, schedules, batch)."),
    steps: Optional[str] = typer.Option(None, "--steps", metavar="N", help="Steps (optimizers, dropout)."),
    epochs: Optional[str] = typer.Option(None, "--epochs", metavar="N", help="Epochs (schedules, batch)."),
    start: Optional[str] = typer.Option(None, "--start", metavar="X,Y", help="Start point (optimizers)."),
    seed: int = typer.Option(0, "--seed", metavar="N", help="Seed for every random draw."),
    param: Optional[list[str]] = typer.Option(None, "-p", "--param", metavar="NAME.KEY=VALUE",
                                              help="A hyperparameter, e.g. adam.betas=0.8,0.99 (repeatable). "
                                                   "Label a name to show it twice: sgd:slow,sgd:fast."),
    view: Optional[str] = typer.Option(None, "--view", metavar="VIEW",
                                       help="optimizers: path, loss, state, sweep or basins."),
    sweep: Optional[str] = typer.Option(None, "--sweep", metavar="NAME=LO:HI:N",
                                        help="optimizers: final loss against a hyperparameter, e.g. lr=1e-4:1:40."),
    basins: bool = typer.Option(False, "--basins", help="optimizers: which minimum each start on a grid ends in."),
    log: bool = typer.Option(False, "--log", help="schedules: logarithmic lr axis."),
    layout: Optional[str] = typer.Option(None, "--layout", metavar="overlay|grid", help="activations: one panel or one each."),
    mode: Optional[str] = typer.Option(None, "--mode", metavar="inverted|standard", help="dropout: where the scaling lives."),
    recurrent: bool = typer.Option(False, "--recurrent", help="dropout: element-wise vs variational masks over time."),
    width: Optional[int] = typer.Option(None, "--width", metavar="COLS", help="Plot width (default: the terminal's)."),
    height: Optional[int] = typer.Option(None, "--height", metavar="ROWS", help="Plot height (default: the terminal's)."),
    theme: str = typer.Option("pro", "--theme", metavar="THEME", help="A plotext theme: " + ", ".join(THEMES) + "."),
    no_color: bool = typer.Option(False, "--no-color", help="No colour (also when NO_COLOR is set)."),
    color: bool = typer.Option(False, "--color", help="Colour even when stdout is not a terminal."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="Write the plot to FILE: .txt plain text, .html in colour."),
    animate: bool = typer.Option(False, "--animate", help="Grow paths, flicker masks, unfold schedules."),
    fps: float = typer.Option(15.0, "--fps", metavar="N", help="Animation frames per second (1 to 60)."),
    frames: int = typer.Option(60, "--frames", metavar="N", help="Animation frames (1 to 10000)."),
    table: bool = typer.Option(False, "--table", help="Print a summary table instead of the plot."),
    as_json: bool = typer.Option(False, "--json", help="Print the scene and raw results as one JSON document."),
) -> None:
    from dltutor import scenes

    lists = {"optimizers": optimizers, "schedules": schedules, "activations": activations}
    for list_kind, value in lists.items():
        if value is not None and list_kind != kind:
            _fail(f"plot: --{list_kind} does not apply to `plot {kind}`")
    _check_drawing_flags(theme, fps, frames, width, height)
    if sweep is not None or basins:
        wanted = "sweep" if sweep is not None else "basins"
        if sweep is not None and basins:
            _fail("plot: --sweep and --basins are two views; choose one")
        if view not in (None, wanted):
            _fail(f"plot: --view {view} contradicts --{wanted}")
        view = wanted
    chosen = [*(names or []), *([lists[kind]] if lists.get(kind) else [])]
    flags = {"--surface": surface, "--bounds": bounds, "--lr": lr, "--steps": steps, "--epochs": epochs,
             "--start": start, "--view": view, "--sweep": sweep, "--log": "true" if log else None,
             "--layout": layout, "--mode": mode, "--recurrent": "true" if recurrent else None}
    try:
        scene = scenes.build_scene(kind, names=chosen, flags=flags, assignments=param, seed=seed)
        result = scenes.run_scene(scene)
        resolved = scenes.resolve(scene)
    except scenes.SceneError as err:
        _fail(f"plot: {err}")
        return
    if as_json:
        import json

        document = {"command": scenes.command(scene), "scene": resolved, "result": scenes.to_jsonable(result)}
        sys.stdout.write(json.dumps(document, allow_nan=False) + "\n")
        return
    if table:
        from dltutor.summary import print_summary

        print_summary(scene, result)
        return
    _draw(kind, result, resolved, width, height, theme, no_color, color, output, animate, fps, frames)


def _check_drawing_flags(theme: str, fps: float, frames: int, width: int | None, height: int | None) -> None:
    if theme not in THEMES:
        _fail(f"plot: --theme: must be one of {', '.join(THEMES)}")
    if not 1 <= fps <= 60:
        _fail("plot: --fps: must be a number from 1 to 60")
    if not 1 <= frames <= 10_000:
        _fail("plot: --frames: must be a whole number from 1 to 10000")
    for flag, value in (("--width", width), ("--height", height)):
        if value is not None and not 1 <= value <= 1000:
            _fail(f"plot: {flag}: must be a whole number from 1 to 1000")


def _draw(kind, result, resolved, width, height, theme, no_color, color, output, animate, fps, frames) -> None:
    import shutil

    from dltutor.terminal_plot import Canvas, TooSmall, animate as run_animation, render, save, wants_color

    size = shutil.get_terminal_size(fallback=(100, 30))
    on_terminal = sys.stdout.isatty()
    # a terminal's last line is kept free for the prompt that follows
    canvas = Canvas(width or size.columns, height or (size.lines - 1 if on_terminal else size.lines), theme,
                    wants_color(no_color, color))
    try:
        if output is not None:
            text = render(kind, result, resolved, Canvas(canvas.width, canvas.height, theme, not no_color))
            try:
                save(text, output)
            except OSError as err:
                _fail(f"plot: --output: cannot write {output}: {err.strerror or err}")
            typer.echo(f"wrote {output}", err=True)
            return
        if animate and on_terminal:
            run_animation(kind, result, resolved, canvas, fps, frames)
            return
        sys.stdout.write(render(kind, result, resolved, canvas) + "\n")
    except TooSmall as err:
        _fail(f"plot: {err}", code=1)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every user mistake into one line and exit 2."""
    try:
        code = app(args=argv, prog_name="dltutor", standalone_mode=False)
    except click_errors.UsageError as err:
        where = f"{err.ctx.info_name}: " if err.ctx and err.ctx.info_name != "dltutor" else ""
        typer.echo(f"dltutor: {_one_line(where + err.format_message())}", err=True)
        code = 2
    except click_errors.ClickException as err:
        typer.echo(f"dltutor: {_one_line(err.format_message())}", err=True)
        code = err.exit_code
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("", err=True)
        code = 130
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
