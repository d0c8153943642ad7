"""setup.cfg -> framework evidence ([options] install_requires, [options.extras_require])."""

from __future__ import annotations

import configparser

from analysis.classify.extract import toolconfig
from analysis.classify.extract.common import line_of, note, text_evidence
from analysis.classify.extract.requirements import logical_lines, requirement_line, scan_quoted
from analysis.models import Evidence


def extract(path: str, data: bytes) -> list[Evidence]:
    """Evidence from setup.cfg; a line scan when configparser rejects it."""
    return text_evidence(path, data, _evidence)


def _evidence(path: str, text: str) -> list[Evidence]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        problem = f"malformed setup.cfg ({type(exc).__name__}); scanned lines"
        return [note(path, problem), *_scan_lines(path, text)]
    evidence: list[Evidence] = []
    values = []
    if parser.has_option("options", "install_requires"):
        values.append(parser.get("options", "install_requires"))
    for section in ("options.extras_require", "options.setup_requires"):
        if parser.has_section(section):
            values.extend(parser[section].values())
    if parser.has_option("options", "setup_requires"):
        values.append(parser.get("options", "setup_requires"))
    for value in values:
        for _, line in logical_lines(value):
            evidence.extend(requirement_line(path, line_of(text, line), line, "manifest"))
    return evidence + toolconfig.from_ini_text(path, text)


def _scan_lines(path: str, text: str) -> list[Evidence]:
    found = scan_quoted(path, text)
    for lineno, line in logical_lines(text):
        if "=" not in line and not line.startswith("["):
            found.extend(requirement_line(path, lineno, line, "manifest"))
    return found
