"""`-r other.txt` / `-c constraints.txt` includes of requirements files: parse, follow, bounded.

A requirements file that only includes others says nothing by itself: its includes are followed
(locally always; through GitHub they are fetched), and one that could not be read is reported, so
the classifier answers `unknown`, never "no framework", for lack of it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from analysis.classify.extract import family_of
from analysis.classify.extract.common import decode
from analysis.classify.extract.requirements import logical_lines, split_option

MAX_INCLUDE_DEPTH = 3  # requirements.txt -> requirements/runtime.txt -> base.txt -> ...
MAX_INCLUDES = 16  # include targets followed per repository
NOT_FETCHED = "not fetched"
CAPPED = f"includes beyond {MAX_INCLUDE_DEPTH} levels or {MAX_INCLUDES} files: {NOT_FETCHED}"
OPTIONS = {"-r": "-r", "--requirement": "-r", "-c": "-c", "--constraint": "-c"}


@dataclass(frozen=True)
class Include:
    """`source`:`line` includes `target` (a repository path, or None: a URL or outside the repo)."""

    source: str
    line: int
    option: str  # "-r" or "-c"
    target: str | None
    raw: str


def parse(path: str, data: bytes) -> list[Include]:
    """The `-r`/`-c` lines of one requirements file, targets relative to its folder."""
    if b"-r" not in data and b"-c" not in data and b"--" not in data:
        return []  # the cheap scan: most files include nothing
    text, _ = decode(path, data)
    found = []
    for lineno, line in logical_lines(text or ""):
        option, arg = split_option(line)
        if option in OPTIONS and arg:
            found.append(Include(path, lineno, OPTIONS[option], _target(path, arg), arg))
    return found


def _target(path: str, arg: str) -> str | None:
    if "://" in arg:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), arg.strip("'\"")))
    return None if joined.startswith(("../", "/")) or joined == ".." else joined


@dataclass
class Walk:
    """What following the includes from a snapshot's requirements files found."""

    reached: list[str]  # include targets present in the files (in the order found)
    missing: list[Include]  # targets that are not (not fetched, not in the tree, URL, outside)
    capped: bool = False  # MAX_INCLUDES or MAX_INCLUDE_DEPTH stopped the walk


def walk(files: Mapping[str, bytes]) -> Walk:
    """Breadth first from every requirements-family file, at most MAX_INCLUDE_DEPTH levels."""
    level = sorted(p for p in files if family_of(p) == "requirements")
    seen = set(level)
    result = Walk([], [])
    for _ in range(MAX_INCLUDE_DEPTH):
        following: list[str] = []
        for inc in (inc for path in level for inc in parse(path, files[path])):
            if inc.target is not None and inc.target in seen:
                continue
            if len(result.reached) + len(result.missing) >= MAX_INCLUDES:
                result.capped = True
                break
            if inc.target is None or inc.target not in files:
                result.missing.append(inc)
            else:
                result.reached.append(inc.target)
                following.append(inc.target)
            if inc.target is not None:
                seen.add(inc.target)
        level = following
        if not level:
            return result
    result.capped = result.capped or any(parse(p, files[p]) for p in level)
    return result


def wanted(files: Mapping[str, bytes], tree_paths: Collection[str] | None = None) -> list[str]:
    """Include targets still to fetch: named by what `files` holds, present in the tree."""
    return [
        inc.target
        for inc in walk(files).missing
        if inc.target is not None and (tree_paths is None or inc.target in tree_paths)
    ]


def reason(inc: Include, tree_paths: Collection[str]) -> str:
    """Why an include was not read, as the evidence line says it."""
    if inc.target is None:
        where = "a URL" if "://" in inc.raw else "outside the repository"
        return f"includes {inc.raw}: {where}, {NOT_FETCHED}"
    if tree_paths and inc.target not in tree_paths:
        return f"includes {inc.target}: not in the tree"
    return f"includes {inc.target}: {NOT_FETCHED}"


def is_unread(detail: str) -> bool:
    """True for a note of an include that exists (or may) but was not read."""
    return detail.startswith("includes ") and detail.endswith(NOT_FETCHED)
