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
    from typer._click import globals as click_globals
except ImportError:  # pragma: no cover - older typer on real click
    from click import exceptions as click_errors
    from click import globals as click_globals

import dltutor
from dltutor.cli.common import fail as _fail
from dltutor.cli.common import one_line as _one_line
from dltutor.quiz import MASTERY_MEANING
from dltutor.start_up import freeze_once


def build_app(command: str | None = None) -> typer.Typer:
    """The command-line app, its `plot` flags read from the kinds registered now (tests add kinds).

    `command`: the one that will run, which is then the only one built (typer turns every command's
    signature into click parameters at each run, ~6 ms for those that will not run, and `plot`
    reads every kind's spec); all are built when it is None or not a command (help, errors)."""
    app = typer.Typer(
        name="dltutor",
        help="A terminal tutor for deep learning: concept cards, live simulations, spaced-repetition quizzes.",
        rich_markup_mode="rich",
        add_completion=False,
        invoke_without_command=True,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
        suggest_commands=False,  # click suggests the nearest command already (typer's came second)
    )
    app.callback()(session)
    names = ("check", "cards", "show", "quiz", "stats", "plot", "practice")  # in the order help lists them
    built = [command] if command in names else names
    for simple in (check, cards, show, quiz):
        if simple.__name__ in built:
            app.command()(simple)
    if "stats" in built:
        app.command(help=f"{stats.__doc__}\n\n{MASTERY_MEANING}")(stats)
    if "plot" in built:
        from dltutor.cli.plot import register as register_plot  # imports every kind's spec: only for plot

        register_plot(app)
    if "practice" in built:
        from dltutor.cli.practice import register as register_practice

        register_practice(app)
    return app


def _command_of(args: list[str]) -> str | None:
    """The subcommand word in a command line (the value of the top-level --deck is not one)."""
    words = iter(args)
    for word in words:
        if word == "--deck":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def __getattr__(name: str):
    if name == "app":  # built on demand: `main` builds its own
        return build_app()
    raise AttributeError(name)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dltutor {dltutor.__version__}")
        raise typer.Exit(0)


def session(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
    decks: Optional[list[Path]] = typer.Option(
        None, "--deck", metavar="DIR", help="A folder of your own cards beside the built-in deck (repeatable)."
    ),
) -> None:
    """With no command: the interactive session (topic tree, cards, live lab, quiz)."""
    if ctx.invoked_subcommand is None:
        if not sys.stdout.isatty() or not sys.stdin.isatty():
            _fail("the interactive session needs a terminal; `dltutor quiz` and `dltutor plot` work in pipes", code=1)
        from dltutor.tui import make_app

        make_app(decks or ()).run()


DECK_OPTION = typer.Option(
    None,
    "--deck",
    metavar="DIR",
    help="A folder of your own cards and quizzes, beside the built-in deck (repeatable; also DLTUTOR_DECKS).",
)


def _decks(own: list[Path] | None) -> list[Path]:
    """The user decks for a command: `dltutor --deck DIR CMD` and `dltutor CMD --deck DIR` alike."""
    ctx = click_globals.get_current_context(silent=True)
    top = (ctx.find_root().params.get("decks") if ctx is not None else None) or []
    return list(dict.fromkeys([*top, *(own or [])]))  # the same folder twice is one deck


def _load(decks: list[Path] | None):
    from dltutor.deck import deck_dirs, load_deck

    return load_deck(deck_dirs(_decks(decks)))


def _card_named(command: str, flag: str, deck, name: str) -> str:
    """The id of the card `name` means (id or title, any case, unique prefix), or a one-line failure."""
    from dltutor.cli.deck_view import find_card

    card_id, near = find_card(deck, name)
    if card_id is None:
        hint = f"; did you mean {', '.join(near)}?" if near else "; see `dltutor cards`"
        _fail(
            f"{command}: {flag}no card has the id {name!r}, nor such a title{hint}"
            + (f"; {_skipped(deck)}" if deck.problems else "")
        )
    return card_id


def _skipped(deck) -> str:
    """What the deck's problems cost, for the end of a line ('' without problems)."""
    return (
        (
            f"{len(deck.problems)} problem(s) in the deck; the cards and questions concerned were skipped "
            f"(first: {deck.problems[0]}; see `dltutor check`)"
        )
        if deck.problems
        else ""
    )


def _warn(deck) -> None:
    """The deck-problems warning: once a command is sure to succeed (a failure says it in its one line)."""
    if deck.problems:
        typer.echo(f"dltutor: warning: {_skipped(deck)}", err=True)


def check(
    dirs: Optional[list[Path]] = typer.Argument(
        None, metavar="[DIR]...", help="Deck folders to check (default: the built-in deck and yours)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Problems and counts as JSON."),
    dump: bool = typer.Option(False, "--dump", help="Print every question with its answer key (for reviewers)."),
    seed: int = typer.Option(0, "--seed", metavar="N", help="With --dump: the seed for computed questions."),
    strict: bool = typer.Option(False, "--strict", help="Fail on fairness warnings too, not only on problems."),
) -> None:
    """Validate the deck: every problem on one line as path:line: field: message, then fairness
    warnings as path: warning: message (they fail the check only with --strict)."""
    from dltutor.deck import deck_dirs, load_deck

    if not 0 <= seed < 2**63:
        _fail("check: --seed: must be a whole number >= 0")
    deck = load_deck(list(dirs) if dirs else deck_dirs(_decks(None)), generators=_generators())
    if dump:
        from dltutor.quiz.answer_key import answer_key, print_answer_key

        key = answer_key(deck, seed)
        if as_json:
            import json

            typer.echo(json.dumps(key))
        else:
            print_answer_key(key)
        raise typer.Exit(1 if deck.problems else 0)
    from dltutor.deck.fairness import fairness_warnings

    warnings = fairness_warnings(deck)
    counts = {"topics": len(deck.topics), "cards": len(deck.cards), "questions": len(deck.questions)}
    if as_json:
        import json

        typer.echo(
            json.dumps(
                {
                    "problems": [p.to_dict() for p in deck.problems],
                    "warnings": [w.to_dict() for w in warnings],
                    "counts": counts,
                }
            )
        )
    else:
        for line in [*deck.problems, *warnings]:
            typer.echo(str(line))
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        typer.echo(f"{len(deck.problems)} problem(s), {len(warnings)} warning(s); loaded {summary}", err=True)
    raise typer.Exit(1 if deck.problems or (strict and warnings) else 0)


def _generators():
    """The computed-question generators the quiz layer provides (none until it exists)."""
    try:
        from dltutor.quiz.generators import GENERATORS
    except ImportError:
        return {}
    return GENERATORS


def cards(
    topic: Optional[str] = typer.Option(None, "--topic", metavar="TOPIC", help="Only this topic."),
    as_json: bool = typer.Option(False, "--json", help="Topics and cards as JSON."),
    decks: Optional[list[Path]] = DECK_OPTION,
) -> None:
    """List the topics and their cards, with question counts."""
    from dltutor.cli.deck_view import card_list

    deck = _load(decks)
    if topic is not None and topic not in deck.topics:
        _fail(
            f"cards: --topic: no topic {topic!r}; topics: {', '.join(deck.topics) or 'none'}"
            + (f"; {_skipped(deck)}" if deck.problems else "")
        )
    _warn(deck)
    card_list(deck, topic, as_json)


def show(
    card_id: str = typer.Argument(
        ..., metavar="CARD", help="A card's id or title, in any case, or the start of one (see `dltutor cards`)."
    ),
    decks: Optional[list[Path]] = DECK_OPTION,
) -> None:
    """Show one card, then the `dltutor plot` command for its simulation."""
    from dltutor.cli.deck_view import show_card

    deck = _load(decks)
    card_id = _card_named("show", "", deck, card_id)
    _warn(deck)
    show_card(deck, deck.cards[card_id])


def quiz(
    topic: Optional[list[str]] = typer.Option(None, "--topic", metavar="TOPIC", help="Only these topics (repeatable)."),
    card: Optional[str] = typer.Option(None, "--card", metavar="CARD_ID", help="Only this card's questions."),
    count: int = typer.Option(10, "--count", metavar="N", help="How many questions (1 to 500)."),
    review: bool = typer.Option(False, "--review", help="Only questions that are due for review."),
    seed: Optional[int] = typer.Option(None, "--seed", metavar="N", help="Seed for computed numbers and shuffling."),
    retention: Optional[float] = typer.Option(
        None,
        "--retention",
        metavar="R",
        help="FSRS's desired retention, 0.7 to 0.99 (default 0.9): the share of "
        "reviews you mean to recall; saved for later quizzes and the session. DLTUTOR_RETENTION sets it for one run.",
    ),
    decks: Optional[list[Path]] = DECK_OPTION,
) -> None:
    """A quiz in the terminal: due questions first, then new ones. Answers are saved as you go."""
    import os
    from datetime import datetime, timezone

    from rich.console import Console

    from dltutor.cli.line_quiz import LineReader, nothing_to_ask, open_progress, run_quiz
    from dltutor.deck import deck_dirs
    from dltutor.deck.cache import load_cached
    from dltutor.quiz.retention import RetentionError, desired_retention
    from dltutor.quiz.session import Session, choose
    from dltutor.store import data_dir

    if not 1 <= count <= 500:
        _fail("quiz: --count: must be a whole number from 1 to 500")
    if seed is not None and not 0 <= seed < 2**63:
        _fail("quiz: --seed: must be a whole number >= 0")
    deck = load_cached(deck_dirs(_decks(decks)), data_dir() / "cache")
    for name in topic or ():
        if name not in deck.topics:
            _fail(f"quiz: --topic: no topic {name!r}; topics: {', '.join(deck.topics) or 'none'}")
    if card is not None:
        card = _card_named("quiz", "--card: ", deck, card)
    console, errors = Console(highlight=False, emoji=False), Console(stderr=True, highlight=False, emoji=False)
    if deck.problems:
        errors.print(
            f"dltutor: warning: {len(deck.problems)} problem(s) in the deck; the questions concerned are "
            "left out (see `dltutor check`)",
            soft_wrap=True,
        )
    store = open_progress(errors)
    try:
        retention = desired_retention(store, retention)  # a flag's value is saved for later
    except RetentionError as err:
        _fail(f"quiz: {err}")
    now = datetime.now(timezone.utc)
    seed = int.from_bytes(os.urandom(4), "little") if seed is None else seed  # (the secrets module costs ~4 ms)
    ids = choose(deck, store, now, topics=list(topic or ()), card=card, count=count, review=review, seed=seed)
    if not ids:
        nothing_to_ask(console, deck, store, now, topics=list(topic or ()), card=card, review=review)
        return
    session = Session(deck, store, ids, seed, retention=retention)
    interactive = sys.stdin.isatty()
    run_quiz(session, console, LineReader(console, interactive), interactive=interactive)


def stats(
    as_json: bool = typer.Option(False, "--json", help="The figures as JSON."),
    decks: Optional[list[Path]] = DECK_OPTION,
) -> None:
    """Your progress: mastery per topic, streak, reviews due, accuracy, and a review calendar."""
    from datetime import datetime, timezone

    from rich.console import Console

    from dltutor.cli.line_quiz import open_progress
    from dltutor.cli.stats_view import show_stats
    from dltutor.deck import deck_dirs, load_deck
    from dltutor.quiz.retention import RetentionError, desired_retention
    from dltutor.quiz.stats import compute

    deck = load_deck(deck_dirs(_decks(decks)), check_sims=False)
    store = open_progress(Console(stderr=True, highlight=False), without="no progress can be shown")
    try:
        retention = desired_retention(store)
    except RetentionError as err:
        _fail(f"stats: {err}")
    now = datetime.now(timezone.utc)
    figures = compute(deck, store, now, retention)
    if as_json:
        import json

        typer.echo(json.dumps(figures))
        return
    show_stats(figures, Console(highlight=False), now)


def _no_such_option(err) -> str:
    """Click's "No such option" with the nearest option of this command (click's own guess only
    looks at spelling: it offers --animate for --learning-rate)."""
    near = _near_option(
        err.option_name,
        [o for p in err.ctx.command.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")]
        if err.ctx
        else [],
    )
    message = f"No such option {err.option_name!r}."
    return message + (f" Did you mean {near!r}?" if near else "")


def _near_option(given: str, options: list[str]) -> str | None:
    """The option meant: the same initials (--learning-rate → --lr), a close spelling, or a common
    longer name of the same thing."""
    import difflib

    words = given.lstrip("-").lower().replace("_", "-").split("-")
    initials = "--" + "".join(w[:1] for w in words if w)
    if len(words) > 1 and initials in options:
        return initials
    near = difflib.get_close_matches(given.lower(), options, n=1, cutoff=0.6)
    if near:
        return near[0]
    prefixed = [o for o in options if o.startswith(given.lower()) or given.lower().startswith(o)]
    return prefixed[0] if len(prefixed) == 1 and len(prefixed[0]) > 3 else None


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every user mistake into one line and exit 2."""
    freeze_once("command line")  # typer and click, before NumPy and plotext load (see dltutor.start_up)
    try:
        args = sys.argv[1:] if argv is None else list(argv)
        code = build_app(_command_of(args))(args=args, prog_name="dltutor", standalone_mode=False)
    except click_errors.UsageError as err:
        where = f"{err.ctx.info_name}: " if err.ctx and err.ctx.info_name != "dltutor" else ""
        message = err.format_message()
        if isinstance(err, click_errors.NoSuchOption):
            message = _no_such_option(err)
        typer.echo(f"dltutor: {_one_line(where + message)}", err=True)
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
