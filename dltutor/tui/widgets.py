"""Pieces every screen shares, kept apart from the app so that screens never import it."""

from __future__ import annotations

from textual.widgets import Footer, Select


class SizeGuard:
    """Mixed into every screen: resizing checks the minimum size (the app shows a notice below it)."""

    def on_resize(self, event) -> None:
        self.app.check_size()


class KnobSelect(Select):
    """Select, safe to quit during: Textual mounts no children into a widget that is closing, and
    Select's own mount handler then looks for its overlay (NoMatches: a traceback on what should
    be a clean quit, when Ctrl+Q lands while the lab's knobs are mounting). Without its parts it
    skips that handler; it is going away anyway."""

    def _on_mount(self, event) -> None:
        if not self.children:  # its parts were never mounted: the app is closing
            event.prevent_default()


class KeyFooter(Footer):
    """Footer that lets go of the keys it replaces. Each key it shows watches the footer's `compact`,
    and Textual drops a watcher only when that value changes (Textual issue #6666): every recompose
    (each focus change, each knob grid swapped) kept the old keys and their render caches alive,
    ~600 objects that every full garbage collection walked again."""

    async def recompose(self) -> None:
        await super().recompose()
        for watchers in getattr(self, "__watchers", {}).values():  # Textual keeps them under this name
            watchers[:] = [(node, callback) for node, callback in watchers if node.is_attached and not node._closing]
