"""A plotext figure started and finished at an exact size: the CLI and the session's lab share it."""

from __future__ import annotations

DEFAULT_THEME = "pro"  # no background colour: fits dark and light terminals


def start_figure(width: int, height: int, theme: str = DEFAULT_THEME):
    """The plotext module, cleared and sized, ready for `dltutor.plots.draw`."""
    import plotext as plt

    plt.clear_figure()
    plt.limitsize(False, False)
    plt.theme(theme)
    plt.plotsize(width, height)
    return plt


def finish_figure(plt, width: int, height: int, color: bool) -> str:
    """The drawn figure built as text of exactly width × height."""
    plt.main()  # back from any subplot to the whole figure before sizing and building it
    plt.plotsize(width, height)
    text = plt.build()
    return text if color else plt.uncolorize(text)
