"""YAML read safely, with the line of every key and item, so problems can say where they are.

Content is data: only `safe_load` semantics (the C loader when PyYAML has it). The composed node
tree gives line numbers; duplicate keys, which PyYAML would silently collapse, are reported.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # the C loader is several times faster
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as Loader

Path_ = tuple  # a path into the document: ("questions", 3, "answer")


class YamlError(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse(text: str, first_line: int = 1) -> tuple[Any, dict[Path_, int], list[tuple[int, str]]]:
    """(data, line of each path, duplicate keys as (line, key)). Lines count from `first_line`."""
    try:
        loader = Loader(text)  # one parse: the node tree (for lines), then the data built from it
        try:
            node = loader.get_single_node()
            if node is not None:
                _check_shape(node, first_line)  # before anything (PyYAML included) walks the aliases
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except YamlError:
        raise
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + first_line if mark is not None else None
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        hint = " (put text that contains ': ' in quotes)" if "mapping values are not allowed" in problem else ""
        raise YamlError(line, f"not valid YAML: {problem}{hint}") from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as err:
        raise YamlError(None, f"not valid YAML: {type(err).__name__}") from None
    lines: dict[Path_, int] = {}
    duplicates: list[tuple[int, str]] = []
    if node is not None:
        _walk(node, (), lines, duplicates, first_line)
    return data, lines, duplicates


MAX_DEPTH = 50  # nesting levels; real content uses fewer than 10
MAX_VALUES = 100_000  # values once aliases are expanded; a real deck file has a few thousand


def _check_shape(root, offset: int) -> None:
    """Refuse, as a YamlError, what no deck file needs and what would make every later walk of the
    data blow up: an alias that contains itself (`&a [*a]`), nesting deeper than MAX_DEPTH, and
    more than MAX_VALUES values once aliases are expanded (nine lines of aliases of aliases can
    stand for 9**9 values). Each distinct node is visited once, without recursion."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_: set[int] = set()  # nodes whose children are still being measured: the current path
    stack = [(root, False)]
    while stack:
        node, finished = stack.pop()
        children = (
            [n for pair in node.value for n in pair]
            if isinstance(node, yaml.MappingNode)
            else node.value
            if isinstance(node, yaml.SequenceNode)
            else []
        )
        line = node.start_mark.line + offset
        if finished:
            open_.discard(id(node))
            size[id(node)] = 1 + sum(size[id(c)] for c in children)
            depth[id(node)] = 1 + max((depth[id(c)] for c in children), default=0)
            if depth[id(node)] > MAX_DEPTH:
                raise YamlError(line, f"nested more than {MAX_DEPTH} levels deep")
            if size[id(node)] > MAX_VALUES:
                raise YamlError(line, f"more than {MAX_VALUES} values (counting what aliases repeat)")
            continue
        if id(node) in size:
            continue
        open_.add(id(node))
        stack.append((node, True))
        for child in children:
            if id(child) in open_:
                raise YamlError(line, "an alias refers to a value that contains it (recursive data)")
            if id(child) not in size:
                stack.append((child, False))


def _walk(node, path: Path_, lines: dict, duplicates: list, offset: int, depth: int = 0) -> None:
    lines[path] = node.start_mark.line + offset
    if depth > 50:  # deeper than any real content; the shape checks will refuse it
        return
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in seen:
                duplicates.append((key_node.start_mark.line + offset, str(key)))
            seen.add(key)
            _walk(value_node, path + (key,), lines, duplicates, offset, depth + 1)
            lines[path + (key,)] = key_node.start_mark.line + offset
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, duplicates, offset, depth + 1)


def line_of(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of a path, or of its nearest ancestor that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())
