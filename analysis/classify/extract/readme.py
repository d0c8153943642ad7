"""README -> framework evidence from install commands in fenced code blocks."""

from __future__ import annotations

import re

from analysis.classify.extract.common import text_evidence
from analysis.classify.extract.requirements import install_command
from analysis.models import Evidence

_FENCE = re.compile(r"^\s*(```|~~~)")
_PROMPT = re.compile(r"^\s*(?:[$>%!]\s*)?(?:sudo\s+)?(?:python3?\s+-m\s+)?(?:pip|conda|mamba|uv)")


def extract(path: str, data: bytes) -> list[Evidence]:
    """Install lines inside ``` / ~~~ blocks, plus bare `pip install` lines outside them."""
    return text_evidence(path, data, _evidence)


def _evidence(path: str, text: str) -> list[Evidence]:
    evidence: list[Evidence] = []
    fence = ""
    for lineno, line in enumerate(text.splitlines(), 1):
        match = _FENCE.match(line)
        if match:
            fence = "" if fence == match.group(1) else (fence or match.group(1))
            continue
        if (fence or _PROMPT.match(line)) and "install" in line:
            evidence.extend(install_command(path, lineno, line, "readme"))
    return evidence
