"""analysis/terminal.py: untrusted text reaches a terminal as text, never as markup or escapes."""

from __future__ import annotations

import io

from rich.console import Console

from analysis.terminal import clean, safe


def test_control_characters_are_written_as_escapes():
    assert clean("a\x1b[31mb\rc\x07\x9b\u202ed") == "a\\x1b[31mb\\x0dc\\x07\\x9b\\u202ed"
    assert clean("한글 [bold]x[/bold] tab\tend") == "한글 [bold]x[/bold] tab\\x09end"


def test_markup_in_a_safe_text_is_printed_as_it_is():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=200)
    console.print(safe("[/oops] [link=https://evil.example]click[/link] \x1b]8;;x\x07"))
    text = out.getvalue()
    assert "[/oops] [link=https://evil.example]click[/link]" in text
    assert "\x1b]8" not in text and "\\x1b]8;;x\\x07" in text
