"""Regenerate the README's screenshots: `python tools/screenshots.py` writes docs/screenshots/*.svg.

Each is the real program drawn by Textual's own screenshot support (or, for `dltutor plot`, Rich's
SVG export of exactly the text the command prints), at a fixed size, with a fixed clock and a
private progress folder, so the pictures change only when the product does.
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
SIZE = (150, 44)


async def _settled(pilot) -> None:
    """Simulations run in worker threads: wait for them, then for a repaint."""
    for _ in range(400):
        if not any(worker.is_running for worker in pilot.app.workers):
            break
        await pilot.pause(0.05)
    await pilot.pause(0.3)


def _app(home: Path):
    from dltutor.store import open_store
    from dltutor.tui import make_app

    store = open_store(home / "progress")
    store.set("last_card", "momentum")  # not a first run: no welcome over the card
    _some_answers(store)
    return make_app(store=store, now=lambda: NOW)


def _some_answers(store) -> None:
    """A few answers a week ago, so the tree shows marks and due counts as a learner's would."""
    from dltutor.deck import load_deck
    from dltutor.quiz.scheduling import RATINGS, SCHEDULER, fsrs_card

    deck = load_deck(check_sims=False)
    when = NOW - timedelta(days=7)
    for i, question in enumerate(q for q in deck.questions.values() if q.card in ("sgd", "momentum", "adam")):
        rating = "good" if i % 3 else "again"
        card, _ = SCHEDULER.review_card(fsrs_card(question.id, None), RATINGS[rating], when)
        store.record(
            question_id=question.id,
            card_id=question.card,
            topic_id="optimizers",
            at=when,
            answer="",
            correct=rating == "good",
            rating=RATINGS[rating].value,
            duration_ms=None,
            card_before=None,
            card_after=card.to_dict(),
        )


async def _session(home: Path) -> None:
    app = _app(home)
    async with app.run_test(size=SIZE) as pilot:
        await _settled(pilot)
        app.save_screenshot("session.svg", str(OUT))


async def _lab(home: Path) -> None:
    app = _app(home)
    async with app.run_test(size=SIZE) as pilot:
        await _settled(pilot)
        app.open_lab("optimizers")
        await _settled(pilot)
        app.save_screenshot("lab-optimizer-race.svg", str(OUT))


async def _quiz(home: Path) -> None:
    app = _app(home)
    async with app.run_test(size=(100, 20)) as pilot:
        await _settled(pilot)
        app.start_quiz(card="adam")
        await _settled(pilot)
        app.save_screenshot("quiz.svg", str(OUT))


def _plot(name: str, argv: list[str], width: int = 120, height: int = 36) -> None:
    """`dltutor plot ...` as it prints in a terminal, kept as SVG by Rich."""
    from rich.console import Console
    from rich.text import Text

    from dltutor import scenes
    from dltutor.cli.terminal_plot import Canvas, render

    kind, flags = argv[0], dict(zip(argv[1::2], argv[2::2]))
    names = flags.pop("--optimizers", "")
    scene = scenes.build_scene(kind, names=[names] if names else [], flags=flags)
    text = render(kind, scenes.run_scene(scene), scene.resolved, Canvas(width, height))
    console = Console(record=True, file=io.StringIO(), width=width, color_system="truecolor")
    console.print(Text.from_ansi(text, no_wrap=True))
    command = "dltutor plot " + " ".join(argv)
    (OUT / name).write_text(console.export_svg(title=command), encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        os.environ["DLTUTOR_HOME"] = str(home)  # the deck cache and progress stay out of the user's folder
        os.environ.pop("DLTUTOR_DECKS", None)
        os.environ.pop("NO_COLOR", None)
        for scene in (_session, _lab, _quiz):
            for _attempt in range(3):  # the lab's knobs can race their Select's mounting (a known lab bug)
                try:
                    asyncio.run(scene(home))
                    break
                except Exception as err:  # noqa: BLE001 - reported, then tried again
                    print(f"{scene.__name__}: {err}; trying again", file=sys.stderr)
            else:
                sys.exit(f"could not draw {scene.__name__}")
        _plot("plot-basins.svg", ["optimizers", "--view", "basins", "--surface", "himmelblau"])
    for path in sorted(OUT.glob("*.svg")):
        print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
