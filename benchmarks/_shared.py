"""What the benchmarks share."""

from __future__ import annotations

import sys
from pathlib import Path


def dltutor_command() -> list[str]:
    """The installed `dltutor` script beside this Python, as a user runs it; else `python -m dltutor`."""
    script = Path(sys.executable).with_name("dltutor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dltutor"]
