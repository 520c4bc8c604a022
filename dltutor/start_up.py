"""What a process loads to start (modules, the deck, the app) lives as long as the process: the
cyclic garbage collector is told so, once per stage of the start-up."""

from __future__ import annotations

import gc

_frozen: set[str] = set()


def freeze_once(stage: str) -> None:
    """`gc.freeze()` moves every object that exists now out of the collected generations, so no
    later collection walks it again (without it, each one walked the tens of thousands of objects
    that imports and the deck create, ~25 ms in the session's first frame, ~20 ms in `dltutor
    plot`). Nothing is garbage at these points. Once per stage and process: a test process builds
    many apps and calls the command line many times, and freezing again would keep whatever
    garbage it had made by then."""
    if stage not in _frozen:
        _frozen.add(stage)
        gc.freeze()
