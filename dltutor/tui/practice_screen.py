"""Practice in the session: the current card's exercises (or all), their state and the last
check's result. Enter opens the file in $EDITOR (the app suspends and resumes); the file is
checked when the editor closes and whenever it is saved (watchfiles), in a worker thread so the
screen never freezes. Hints one at a time, the solution on request or after a pass."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from dltutor.tui.widgets import KeyFooter, SizeGuard

MARKS = {"passed": "✓", "failing": "✗", "not started": "·"}


class PracticeScreen(SizeGuard, Screen):
    BINDINGS = [
        Binding("enter", "edit", "Edit", id="practice.edit"),
        Binding("c", "check", "Check", id="practice.check"),
        Binding("h", "hint", "Hint", id="practice.hint"),
        Binding("s", "solution", "Solution", id="practice.solution"),
        Binding("escape", "app.pop_screen", "Back", id="practice.back"),
    ]
    DEFAULT_CSS = """
    PracticeScreen #exercises { width: 42; }
    PracticeScreen #result-box { padding: 0 1; }
    """

    def __init__(self, card_id: str | None = None, folder: Path | None = None):
        super().__init__()
        self.card_id, self.folder = card_id, folder
        self.exercises: list = []
        self.last: dict[str, str] = {}  # exercise id -> the last check's result, rendered
        self.seen: dict[str, bytes] = {}  # exercise id -> the file's content when last checked

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="exercises")
            with VerticalScroll(id="result-box"):
                yield Static("", id="result")
        yield KeyFooter()

    def on_mount(self) -> None:
        from dltutor.practice.loader import load_catalog
        from dltutor.practice.workspace import workspace_dir

        roots = sorted({card.path.parent.parent for card in self.app.deck.cards.values()})
        catalog = load_catalog(roots)
        every = list(catalog.exercises.values())
        mine = [e for e in every if e.card == self.card_id]
        self.exercises = mine or every
        self.folder = workspace_dir(self.folder)
        title = self.app.deck.cards[self.card_id].title if mine else "all exercises"
        self.sub_title = f"Practice: {title}"
        self._refresh_list()
        self.query_one("#exercises", OptionList).highlighted = 0 if self.exercises else None
        self._say(
            f"{len(self.exercises)} exercise(s). Enter opens one in $EDITOR; it is checked when you save.\n"
            f"Your files: {self.folder}"
        )
        self.run_worker(self._watch(), exclusive=True, group="watch")

    # --- what is shown -------------------------------------------------------------------

    def _refresh_list(self) -> None:
        progress = self.app.store.practice()
        options = self.query_one("#exercises", OptionList)
        keep = options.highlighted
        options.clear_options()
        for ex in self.exercises:
            row = progress.get(ex.id)
            state = row.state if row else "not started"
            options.add_option(Option(f"{MARKS[state]} {ex.id}", id=ex.id))
        if keep is not None and self.exercises:
            options.highlighted = min(keep, len(self.exercises) - 1)

    def _say(self, text: str) -> None:
        self.query_one("#result", Static).update(Text(text))

    @property
    def selected(self):
        index = self.query_one("#exercises", OptionList).highlighted
        return self.exercises[index] if index is not None and self.exercises else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        ex = self.selected
        if ex is not None:
            self._say(self.last.get(ex.id, f"{ex.title}\n\nEnter: edit · c: check · h: hint · s: solution"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    # --- actions -------------------------------------------------------------------------

    def _file(self, ex) -> Path | None:
        from dltutor.practice.workspace import WorkspaceError, write_exercise

        try:
            return write_exercise(ex, self.folder)[0]
        except WorkspaceError as err:
            self._say(str(err))
            return None

    def action_edit(self) -> None:
        ex = self.selected
        path = ex and self._file(ex)
        if path is None:
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self._say(f"Set $EDITOR to edit here, or edit {path} in any editor: it is checked on every save.")
            return
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
        except Exception as err:  # no terminal to hand over (headless), an editor that cannot start
            self._say(f"Cannot open the editor ({err}); edit {path} in any editor: it is checked on every save.")
            return
        self.action_check()

    def action_check(self) -> None:
        ex = self.selected
        path = ex and self._file(ex)
        if path is None:
            return
        self._say(f"Checking {ex.id} …")
        self.run_worker(lambda: self._check_in_thread(ex, path), thread=True, exclusive=True, group="check")

    def _check_in_thread(self, ex, path: Path) -> None:
        from dltutor.practice.checker import check_file

        try:
            self.seen[ex.id] = path.read_bytes()
        except OSError:
            pass
        report = check_file(ex, path)
        self.app.call_from_thread(self._checked, ex, report)

    def _checked(self, ex, report) -> None:
        from dltutor.practice.report import render

        self.app.store.record_attempt(ex.id, ex.card, passed=report.passed, result=report.summary, at=self.app.now())
        text = render(report)
        if report.passed:
            text += "\n\nThe reference solution, to compare with yours:\n\n" + ex.solution.read_text(encoding="utf-8")
        self.last[ex.id] = text
        self._refresh_list()
        if self.selected is ex:
            self._say(text)

    def action_hint(self) -> None:
        ex = self.selected
        if ex is None:
            return
        if not ex.hints:
            self._say(f"{ex.id} has no hints.")
            return
        shown = self.app.store.use_hint(ex.id, ex.card, len(ex.hints))
        self._say("\n\n".join(f"Hint {i} of {len(ex.hints)}: {h}" for i, h in enumerate(ex.hints[:shown], 1)))

    def action_solution(self) -> None:
        ex = self.selected
        if ex is None:
            return
        self.app.store.view_solution(ex.id, ex.card)
        self._say("The reference solution:\n\n" + ex.solution.read_text(encoding="utf-8"))

    # --- watching the folder -------------------------------------------------------------

    async def _watch(self) -> None:
        """Re-check an exercise of this screen whenever its file is saved (in any editor)."""
        from watchfiles import awatch

        self.folder.mkdir(parents=True, exist_ok=True)
        names = {ex.file_name: ex for ex in self.exercises}
        async for changes in awatch(self.folder, debounce=150, step=50):
            for name in {Path(p).name for _, p in changes} & set(names):
                ex = names[name]
                path = self.folder / name
                try:
                    if path.read_bytes() == self.seen.get(ex.id):
                        continue  # written by us, or saved unchanged: nothing new to check
                except OSError:
                    continue
                if path.is_file():
                    self.run_worker(
                        lambda ex=ex, path=path: self._check_in_thread(ex, path), thread=True, group=f"check-{ex.id}"
                    )
