"""Ceilings on every size the network lab accepts, in one place.

Each is refused at once with a one-line ValueError that says what to lower, so a typo such as
--epochs 1000000 never starts a run that takes an hour or a gigabyte.
"""

from __future__ import annotations

from dltutor.sim.params import ParamError

MAX_POINTS = 10_000  # points in a data set (built-in or CSV)
MIN_POINTS = 4  # fewer leaves no test point or no batch
MAX_CLASSES = 8
MAX_LAYERS = 8  # hidden layers
MAX_WIDTH = 64  # units per hidden layer
MAX_GRID = 200  # boundary grid points per side
MAX_RUNS = 256  # networks trained side by side in one batched run
MAX_STEPS = 200_000  # epochs × iterations per epoch
MAX_RUN_STEPS = 2_000_000  # runs × epochs × iterations per epoch
MAX_FRAME_VALUES = 40_000_000  # float64s kept for recorded boundary frames (320 MB)
MAX_WEIGHT_VALUES = 20_000_000  # float64s kept for the weights recorded per epoch (160 MB)
MAX_MASK_VALUES = 50_000_000  # dropout mask entries kept for replay; past this they are not recorded


def at_most(value: int, ceiling: int, what: str, advice: str, key: str) -> None:
    """Refuse value > ceiling with 'what is N; at most C: advice', naming the setting `key` to lower."""
    if value > ceiling:
        message = f"{what} is {value:,}; at most {ceiling:,} (lower {advice})"
        raise ParamError("network", key, message, message)
