"""Pieces every screen shares, kept apart from the app so that screens never import it."""

from __future__ import annotations


class SizeGuard:
    """Mixed into every screen: resizing checks the minimum size (the app shows a notice below it)."""

    def on_resize(self, event) -> None:
        self.app.check_size()
