"""Untrusted text (paths, titles, package names, error messages) made safe to print on a terminal.

Control characters (ESC sequences, carriage returns, C1 controls, bidi overrides) are shown as
escapes (`\\x1b`), never sent; a `rich.text.Text` is never parsed as markup, so `[/oops]` or
`[link=...]` in a name is printed as it is.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls, DEL, and the bidi controls that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """`text` as one printable line: every control character written as its escape."""
    return _CONTROL.sub(_escape, str(text))


def safe(text: object) -> Text:
    """`clean(text)` as a Text: rich prints it literally (no markup, no highlighting)."""
    return Text(clean(text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
