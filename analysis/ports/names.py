"""Paper names as people search for them: the method's short name in a title, token matching.

`"Depth Anything: Unleashing the Power ..."` is searched for as "Depth Anything"; a folder
`439_Depth-Anything` or a README heading "Depth Anything Keras" names it. Matching is on lower-case
alphanumeric tokens, so punctuation, case and `-`/`_` never matter, and never on substrings (SAM
is not SAM2).
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[a-z0-9]+")
_TRAILING_ACRONYM = re.compile(r"\(([A-Za-z][A-Za-z0-9.+-]{1,24})\)\s*$")  # "... (DEIMv2)"
_VERSION = re.compile(r"v?\d+(?:\.\d+)*[a-z]?")  # v2, 2, 1.5, 3b: a different model, not a tag
MAX_NAME_TOKENS = 4  # a title this short (no colon) is itself the name: "Depth Anything V2"
MIN_NAME_CHARS = 3


def tokens(text: str | None) -> list[str]:
    """Lower-case alphanumeric runs: `D-FINE` -> [d, fine], `YOLOv10-TFLite` -> [yolov10, tflite]."""
    return _TOKEN.findall((text or "").lower())


def short_names(title: str | None) -> list[str]:
    """The names a paper goes by: the part before a colon, a trailing `(ACRONYM)`, or the whole
    title when it is short. Empty for a descriptive title ("Focal Loss for Dense Object ...")."""
    if not title:
        return []
    head, colon, _ = title.partition(":")
    found = []
    if colon and len(tokens(head)) <= MAX_NAME_TOKENS:
        found.append(head.strip())
    if m := _TRAILING_ACRONYM.search(title):
        found.append(m.group(1))
    if not colon and len(tokens(title)) <= MAX_NAME_TOKENS:
        found.append(title.strip())
    return [n for n in dict.fromkeys(found) if len("".join(tokens(n))) >= MIN_NAME_CHARS]


def mentions_name(text: str, title: str | None) -> bool:
    """`text` names the paper: one of its short names appears as a whole run of tokens."""
    words = tokens(text)
    joined = f" {' '.join(words)} "
    for name in short_names(title):
        parts = tokens(name)
        if f" {' '.join(parts)} " in joined or "".join(parts) in words:
            return True
    return False


def unit_named_like(unit_name: str, title: str | None) -> bool:
    """A model folder/file is named like the paper: `d_fine` ~ "D-FINE: ...", `439_Depth-Anything`
    ~ "Depth Anything: ...", `472_DEIMv2-Wholebody34` ~ "... (DEIMv2)". Leading numbers are a
    collection's index; trailing words may describe a variant (`wholebody34`), but a trailing
    version (`depth_anything_v2`) names another paper."""
    parts = tokens(unit_name)
    while parts and parts[0].isdigit():
        parts = parts[1:]
    for name in short_names(title):
        want = "".join(tokens(name))
        for k in range(1, len(parts) + 1):
            if "".join(parts[:k]) == want:
                rest = parts[k:]
                if not rest or not _VERSION.fullmatch(rest[0]):
                    return True
    return False
