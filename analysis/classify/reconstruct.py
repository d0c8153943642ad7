"""Import-only code and README reconstructions of recorded corpus facts (see corpus README)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any


def code_reconstruction(path: str, modules: Sequence[str]) -> bytes:
    """One `import x` line per module; a one-cell notebook for `.ipynb` paths."""
    lines = [f"import {module}" for module in modules]
    if path.lower().endswith(".ipynb"):
        return _notebook(lines)
    return "".join(line + "\n" for line in lines).encode()


def _notebook(lines: Sequence[str]) -> bytes:
    source = [line + "\n" for line in lines]
    if source:
        source[-1] = source[-1].rstrip("\n")  # Jupyter stores the last line without a newline
    doc = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": source,
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(doc, indent=1).encode()


def readme_reconstruction(readme: Mapping[str, Any]) -> bytes:
    """The first heading (when recorded, as `readmes.json` does), the arXiv abs links, then the
    install command lines in a fenced ```sh block."""
    heading = str(readme.get("heading") or "").strip()
    parts = [f"# {heading}\n\n"] if heading else []
    parts += [f"https://arxiv.org/abs/{arxiv_id}\n" for arxiv_id in readme.get("arxiv") or ()]
    install = [str(line) for line in readme.get("install_lines") or ()]
    if install:
        if parts:
            parts.append("\n")
        parts.append("```sh\n" + "".join(line + "\n" for line in install) + "```\n")
    return "".join(parts).encode()
