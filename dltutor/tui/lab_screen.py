"""The lab at full size, on any kind of scene, with the same controls as the learn screen's."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header

from dltutor import kinds, scenes
from dltutor.tui.lab import LAB_BINDINGS, Lab
from dltutor.tui.widgets import KeyFooter, SizeGuard


class LabScreen(SizeGuard, Screen):
    AUTO_FOCUS = ""  # nothing focused: keys drive the lab; Tab or a click reaches the knobs
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="labscreen.back"),
        *LAB_BINDINGS,
        Binding("k", "next_kind", "Next kind", id="labscreen.kind"),
    ]

    def __init__(self, kind: str = "optimizers", scene: scenes.Scene | None = None) -> None:
        """The lab on `scene` (a card's, say), or on the kind's default scene."""
        super().__init__()
        self.kind = scene.kind if scene is not None else kind
        self.scene = scene

    def compose(self) -> ComposeResult:
        yield Header()
        yield Lab(self.scene or scenes.build_scene(self.kind), id="lab")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Lab: {self.kind}"

    def action_lab(self, what: str) -> None:
        self.query_one("#lab", Lab).act(what)

    def action_next_kind(self) -> None:
        names = list(kinds.kinds())
        self.kind = names[(names.index(self.kind) + 1) % len(names)]
        self.query_one("#lab", Lab).load(scenes.build_scene(self.kind))
        self.sub_title = f"Lab: {self.kind}"
