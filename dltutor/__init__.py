"""dltutor: a terminal tutor for deep learning."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dltutor")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
