"""A parsed deck kept as JSON beside the progress database, so starting a quiz skips the YAML.

The key covers every content file's path, size and modification time, and the same for the code
that parses the deck; any change to either (an upgrade, an edit in a checkout) makes a new key.
JSON, not pickle: a cache file is data too.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from dataclasses import asdict, fields
from pathlib import Path
from stat import S_ISREG as stat_is_file

from dltutor.deck import Deck, load_deck
from dltutor.deck.models import Card, Problem, Question, Topic

_NOT_A_FILE = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
# 2: text scrubbed of control characters spelled as YAML escapes (a cache from 1 may hold them)
# 3: the questions as one JSON string, read when first asked for, and the count per card
FORMAT = 3


def fingerprint(dirs: list[Path]) -> str:
    digest = hashlib.sha256(f"{FORMAT}".encode())
    for code in sorted(Path(__file__).parent.glob("*.py")):  # the loader itself (not its version: ~10 ms to read)
        stat = code.stat()
        digest.update(f"{code}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for root in dirs:
        try:
            digest.update(str(Path(root).resolve()).encode())
            if not Path(root).is_dir():
                continue
            # os.walk, not Path.rglob: the same files (symbolic links to folders are not entered),
            # in a third of the time (~1.5 ms for the built-in deck instead of ~4.5)
            files = []
            for folder, _, names in os.walk(root):  # a folder it cannot read is left out, as rglob did
                files += [os.path.join(folder, name) for name in names if name.endswith((".md", ".yaml"))]
            for path in sorted(files):
                try:
                    stat = os.stat(path)
                except OSError as err:
                    if err.errno in _NOT_A_FILE:  # a dangling link: Path.is_file() said False for it
                        continue
                    raise
                if stat_is_file(stat.st_mode):
                    digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError as err:  # a folder that cannot be read: load_deck reports it, the key records it
            digest.update(f"{root}:unreadable:{err.errno}".encode())
    return digest.hexdigest()[:24]


def load_cached(dirs: list[Path], cache_dir: Path) -> Deck:
    """The deck as `load_deck(dirs, check_sims=False)` returns it, from the cache when it is fresh."""
    path = cache_dir / f"deck-{fingerprint(dirs)}.json"
    try:
        return _from_json(json.loads(path.read_text(encoding="utf-8")), dirs)
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no cache yet, or one we cannot read: build it
    deck = load_deck(dirs, check_sims=False)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("deck-*.json"):
            old.unlink(missing_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(_to_json(deck)), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # a cache we cannot write only costs time
    return deck


def _to_json(deck: Deck) -> dict:
    def plain(obj) -> dict:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(obj).items()}

    counts: dict[str, int] = {}
    for question in deck.questions.values():
        counts[question.card] = counts.get(question.card, 0) + 1
    return {
        "topics": [plain(t) for t in deck.topics.values()],
        "cards": [plain(c) for c in deck.cards.values()],
        # JSON in a string: reading the file skips over it, and it is parsed when the questions are
        # first asked for (~8 ms of the ~10 that parsing the whole file takes; the session's first
        # frame shows only how many questions a card has: "counts")
        "questions": json.dumps([plain(q) for q in deck.questions.values()]),
        "counts": counts,
        "problems": [plain(p) for p in deck.problems],
    }


def _from_json(doc: dict, dirs: list[Path]) -> Deck:
    paths: dict[str, Path] = {}  # hundreds of questions share a few files: one Path each

    def build_all(cls, items: list[dict]) -> list:
        names = {f.name for f in fields(cls)}
        built = []
        for item in items:
            if item.keys() != names:
                raise KeyError("cache format")
            if item["path"] not in paths:
                paths[item["path"]] = Path(item["path"])
            item["path"] = paths[item["path"]]
            built.append(cls(**item))
        return built

    def questions() -> dict[str, Question]:
        try:
            return {q.id: q for q in build_all(Question, json.loads(doc["questions"]))}
        except (ValueError, KeyError, TypeError):  # a cache damaged inside that string: from the files
            return load_deck(dirs, check_sims=False).questions

    deck = Deck()
    deck.topics = {t.id: t for t in build_all(Topic, doc["topics"])}
    deck.cards = {c.id: c for c in build_all(Card, doc["cards"])}
    deck.problems = build_all(Problem, doc["problems"])
    if not isinstance(doc["questions"], str) or not isinstance(doc["counts"], dict):
        raise TypeError("cache format")
    deck.later, deck.counts = questions, doc["counts"]
    return deck
