"""dltutor: a terminal tutor for deep learning."""


def __getattr__(name: str) -> str:
    # The version comes from the installed package's metadata, read only when asked for:
    # importlib.metadata costs ~30 ms, which every `dltutor plot` would otherwise pay.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("dltutor")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(name)
