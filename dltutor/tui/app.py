"""The interactive session: one Textual app over the deck, the lab, the quiz core and the store.

`make_app()` is what the CLI runs and what the tests drive. The app holds no logic of its own: it
shows cards (deck), scenes (scenes + plots), questions (quiz core) and progress (store).
"""

from __future__ import annotations

import gc
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.containers import Center, Middle
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from dltutor.deck import Deck, deck_dirs
from dltutor.start_up import freeze_once
from dltutor.store import Store

MIN_WIDTH, MIN_HEIGHT = 60, 16


class DeckCommands(Provider):
    """Ctrl+P: go to any card (by title or text), start a quiz or a review, open the lab on any kind."""

    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        for card in app.deck.cards.values():
            text = f"Card: {card.title}"
            score = matcher.match(text)
            if score == 0 and query and query.lower() in card.body.lower():
                score = 0.2  # found in the card's text, not its title
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(app.open_card, card.id), help=card.summary)
        for topic in app.deck.topics.values():
            text = f"Quiz: {topic.title}"
            if (score := matcher.match(text)) > 0:
                yield Hit(score, matcher.highlight(text), partial(app.start_quiz, topic=topic.id))
        for text, action in (
            ("Review everything due", partial(app.start_quiz, review=True)),
            ("Stats", app.show_stats),
            ("Help: keys", app.action_help),
        ):
            if (score := matcher.match(text)) > 0:
                yield Hit(score, matcher.highlight(text), action)
        from dltutor.kinds import kinds

        for kind in kinds():
            text = f"Lab: {kind}"
            if (score := matcher.match(text)) > 0:
                yield Hit(score, matcher.highlight(text), partial(app.open_lab, kind))


class TooSmall(Screen):
    """Shown instead of a broken layout while the terminal is below the minimum size."""

    DEFAULT_CSS = "TooSmall { align: center middle; } TooSmall Static { width: auto; max-width: 100%; }"

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(f"The terminal is too small for dltutor: it needs at least {MIN_WIDTH}×{MIN_HEIGHT}.")

    def on_screen_resume(self) -> None:
        """Uncovered by a screen that was opened over it: the terminal may have grown meanwhile."""
        self.app.call_later(self.app.check_size)

    def on_resize(self) -> None:
        self.app.check_size()


class HelpScreen(ModalScreen):
    """Every key of the screen below: dltutor's own first, then the widgets' (an overlay: nothing
    underneath is squeezed, as Textual's side panel squeezed the lab's knobs)."""

    BINDINGS = [Binding("escape,question_mark", "app.pop_screen", "Close", id="help.close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 64; max-width: 95%; height: 80%;
                                  border: round $accent; padding: 0 1; background: $surface; }
    HelpScreen #keys { width: 100%; height: auto; }
    """

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll

        with VerticalScroll():
            yield Static(self.keys(), id="keys")

    def keys(self):
        from rich.table import Table
        from rich.text import Text

        ours, others = [], []
        for active in self.below.active_bindings.values():
            binding = active.binding
            if not binding.description:
                continue
            row = (self.app.get_key_display(binding), binding.description)
            (ours if binding.id else others).append(row)
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_row(Text("dltutor's keys", style="bold underline"), "")
        for row in ours:
            table.add_row(*row)
        if others:
            table.add_row("", "")
            table.add_row(Text("Other keys", style="bold underline"), "")
            for row in others:
                table.add_row(*row)
        table.add_row("", "")
        table.add_row("? Esc", "Close this help")
        return table


class DltutorApp(App):
    TITLE = "dltutor"
    COMMANDS = App.COMMANDS | {DeckCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("slash", "command_palette", "Search", id="app.search"),
        Binding("ctrl+p", "command_palette", "Palette", show=False, priority=True, id="app.palette"),
        Binding("R", "review", "Review", id="app.review"),
        Binding("S", "stats", "Stats", id="app.stats"),
        Binding("L", "lab", "Lab", id="app.lab"),
        Binding("P", "practice", "Practice", id="app.practice"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, deck: Deck, store: Store, now: Callable[[], datetime], warning: str = "") -> None:
        super().__init__()
        self.deck, self.store, self.now, self.warning = deck, store, now, warning

    def get_default_screen(self) -> Screen:
        """The learn screen is the base of the stack (no blank screen to build and paint first)."""
        from dltutor.tui.learn import LearnScreen

        return LearnScreen()

    _gc_paused = False

    def on_load(self) -> None:
        """The cyclic garbage collector waits for the first frame (it resumes in on_mount's callback).

        The start-up builds ~25,000 objects, which are garbage to none; collecting as they come
        (~60 small collections) costs the first frame ~6 ms. Reference counting still frees as usual.
        """
        if gc.isenabled():
            gc.disable()
            self._gc_paused = True

    def on_mount(self) -> None:
        if self.warning:
            self.notify(self.warning, severity="warning", timeout=8)
        self.check_size()
        self.call_after_refresh(self._resume_gc)  # once the first frame is painted

    def on_unmount(self) -> None:
        self._resume_gc()  # an app that stops before its first frame

    def _resume_gc(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            gc.enable()

    def check_size(self) -> None:
        """Cover the screen with a message below the minimum size; remove it once there is room.
        (Screens call this on resize: Textual hands Resize to the screen, not to the app.)"""
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmall)
        if small and not showing:
            self.push_screen(TooSmall())
        elif not small and showing:
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Under the too-small notice no key opens anything (a screen opened over it would hide
        the notice, and it would come back, stale, when that screen closed)."""
        if isinstance(self.screen, TooSmall) and action != "quit":
            return False
        return True

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_show_help_panel(self) -> None:
        """Textual's own "Keys" command shows our help too (its side panel squeezes the lab)."""
        self.action_help()

    # --- what screens ask of the app ------------------------------------------------------

    def start_card(self) -> str | None:
        """The card to open first: the last one opened, else the first of the deck."""
        last = self.store.get("last_card")
        if last in self.deck.cards:
            return last
        return next(iter(self.deck.cards), None)

    def is_first_run(self) -> bool:
        """Nothing opened and nothing answered yet: the learn screen welcomes the learner."""
        return self.store.get("last_card") is None and not self.store.states()

    def due_per_topic(self) -> dict[str, int]:
        """How many questions are due now in each topic (the tree shows it beside the topic)."""
        counts: dict[str, int] = {}
        for question_id in self.store.due(self.now()):
            question = self.deck.questions.get(question_id)
            card = self.deck.cards.get(question.card) if question else None
            if card is not None:
                counts[card.topic] = counts.get(card.topic, 0) + 1
        return counts

    def remember_card(self, card_id: str) -> None:
        if self.store.get("last_card") != card_id:  # reopening the last card at start writes nothing
            self.store.set("last_card", card_id)

    def mastery_marks(self) -> dict[str, str]:
        """A mark per card (see quiz.stats.card_marks): ● mastered, ◐ seen or an exercise passed."""
        if not self.store.states() and not self.store.passed_per_card():
            return {}  # nothing answered yet (and no need to load fsrs)
        from dltutor.quiz.stats import card_marks

        return card_marks(self.deck, self.store, self.now())

    def open_card(self, card_id: str) -> None:
        from dltutor.tui.learn import LearnScreen

        while not isinstance(self.screen, LearnScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        self.screen.open_card(card_id)

    def start_quiz(self, topic: str | None = None, card: str | None = None, review: bool = False) -> None:
        from dltutor.tui.quiz_screen import QuizScreen

        self.push_screen(QuizScreen(topic=topic, card=card, review=review))

    def show_stats(self) -> None:
        from dltutor.tui.stats_screen import StatsScreen

        self.push_screen(StatsScreen())

    def open_lab(self, kind: str = "optimizers", scene=None) -> None:
        from dltutor.tui.lab_screen import LabScreen

        self.push_screen(LabScreen(kind, scene))

    def action_review(self) -> None:
        self.start_quiz(review=True)

    def action_stats(self) -> None:
        self.show_stats()

    def action_lab(self) -> None:
        """The full-screen lab on the scene this screen's lab shows (a card's, as the knobs left it:
        beside a card its knobs may be hidden for room, and the status line points here), else on
        the optimizers."""
        from dltutor.tui.lab_screen import LabScreen

        if isinstance(self.screen, LabScreen):
            self.notify("This is the full-screen lab: Esc goes back, k shows the next kind.", timeout=3)
            return
        scene = next((lab.scene for lab in self.screen.query("#lab")), None)
        self.open_lab(scene.kind if scene is not None else "optimizers", scene)

    def open_practice(self, card_id: str | None = None) -> None:
        from dltutor.tui.practice_screen import PracticeScreen

        self.push_screen(PracticeScreen(card_id))

    def action_practice(self) -> None:
        """The open card's exercises (all of them where no card is open)."""
        self.open_practice(getattr(self.screen, "current", None))


def make_app(
    decks: list[Path] | tuple[Path, ...] = (), store: Store | None = None, now: Callable[[], datetime] | None = None
) -> DltutorApp:
    """The app as the CLI runs it and the tests drive it (a test passes its own store and clock)."""
    from dltutor.deck.cache import load_cached
    from dltutor.store import Store as StoreClass
    from dltutor.store import StoreError, data_dir, open_store

    warning = ""
    if store is None:
        try:
            store = open_store()
            if store.moved_aside is not None:
                warning = f"The progress database was damaged; it was moved to {store.moved_aside}."
        except StoreError as err:
            store, warning = StoreClass(Path(":memory:")), f"{err}; progress will not be saved."
    deck = load_cached(deck_dirs(decks), data_dir() / "cache")
    if deck.problems:
        warning = (warning + " " if warning else "") + (
            f"{len(deck.problems)} problem(s) in the deck, skipped (first: {deck.problems[0]}; see `dltutor check`)."
        )
    app = DltutorApp(deck, store, now or (lambda: datetime.now(timezone.utc)), warning)
    freeze_once("app")  # the modules, the deck and the app (see dltutor.start_up)
    return app
