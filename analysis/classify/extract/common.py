"""Shared helpers for the extractors: safe decoding, size caps, notes and evidence builders."""

from __future__ import annotations

import re
from collections.abc import Callable

from analysis.classify.frameworks import framework_of_package
from analysis.models import Evidence

MAX_BYTES = 1_000_000  # read cap per file: a 50 MB requirements file is truncated, with a note

# Tags at the start of Evidence.detail that the classifier reads.
WEAK = "weak"  # a hint (conda channel, wheel index) rather than a named package
INCIDENTAL = "incidental"  # data/logging use only (tfds, tf.io.gfile, torch.utils.data)
KERAS3 = "keras>=3"  # keras pinned to 3.x: multi-backend Keras
KERAS2 = "keras<3"  # keras pinned below 3: TensorFlow Keras
MULTIBACKEND = "multi-backend"  # KERAS_BACKEND / keras.ops / keras_core signals
BACKEND_SIGNAL = "KERAS_BACKEND"  # package name of the evidence a backend switch yields
BINARY = "binary file skipped"


def note(path: str, message: str, line: int | None = None) -> Evidence:
    """A note: something the extractor could not read fully; the rest of the evidence stands."""
    return Evidence(file=path, line=line, package="", framework=None, kind="note", detail=message)


def is_binary(data: bytes) -> bool:
    """NUL bytes in the first 8 KB mean binary (UTF-16 text is caught earlier, by `utf16_of`)."""
    return data.find(b"\x00", 0, 8192) >= 0


def utf16_of(data: bytes) -> str | None:
    """The UTF-16 codec of `data` (BOM, or NULs in every other byte of mostly-ASCII text), or None.

    `pip freeze > requirements.txt` in Windows PowerShell writes UTF-16, not always with a BOM.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return None
    if not even.count(0) and odd.count(0) >= 0.9 * len(odd):
        return "utf-16-le"
    if not odd.count(0) and even.count(0) >= 0.9 * len(even):
        return "utf-16-be"
    return None


def decode(path: str, data: bytes) -> tuple[str | None, list[Evidence]]:
    """Bytes -> text, capped at MAX_BYTES; None for binary. Returns the notes it made."""
    notes: list[Evidence] = []
    if len(data) > MAX_BYTES:
        notes.append(note(path, f"file larger than {MAX_BYTES} bytes: read capped"))
        data = data[:MAX_BYTES]
    codec = utf16_of(data)
    if codec:
        return data.decode(codec, errors="replace"), notes
    if is_binary(data):
        notes.append(note(path, BINARY))
        return None, notes
    try:
        # strip the BOM by hand: the utf-8-sig codec is a slow Python-level wrapper
        return (data[3:] if data[:3] == b"\xef\xbb\xbf" else data).decode(), notes
    except UnicodeDecodeError as exc:
        notes.append(note(path, f"not UTF-8 (byte {exc.start}); undecodable bytes replaced"))
        return data.decode("utf-8", errors="replace"), notes


def text_evidence(
    path: str, data: bytes, read: Callable[[str, str], list[Evidence]]
) -> list[Evidence]:
    """The decoding notes, then `read(path, text)` unless the file is binary."""
    text, notes = decode(path, data)
    return notes if text is None else notes + read(path, text)


def package_evidence(
    path: str, line: int | None, name: str, kind: str, detail: str = ""
) -> Evidence | None:
    """Evidence for a distribution name when it maps to a framework, else None."""
    framework = framework_of_package(name)
    if framework is None:
        return None
    return Evidence(path, line, name.lower(), framework, kind, detail)


def line_of(text: str, needle: str, start: int = 0) -> int | None:
    """1-based line of the first occurrence of needle (structured parsers lose line numbers)."""
    pos = text.find(needle, start)
    if pos < 0:
        return None
    return text.count("\n", 0, pos) + 1


def key_line(text: str, key: str) -> int | None:
    """1-based line where `key = ...` (TOML/INI key, optionally quoted) is declared."""
    match = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", text, re.M | re.I)
    return text.count("\n", 0, match.start()) + 1 if match else None
