"""The interactive session (Textual). Only the CLI imports this package, lazily."""

from dltutor.tui.app import make_app

__all__ = ["make_app"]
