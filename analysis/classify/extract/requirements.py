"""requirements*.txt and pip/conda install command lines -> framework evidence (PEP 508)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from functools import lru_cache

from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

from analysis.classify.extract.common import (
    INCIDENTAL,
    KERAS2,
    KERAS3,
    WEAK,
    package_evidence,
    text_evidence,
)
from analysis.classify.frameworks import (
    CONDA_CHANNELS,
    GIT_REPOS,
    INCIDENTAL_NAMES,
    INDEX_URLS,
    first_match,
    framework_of_package,
)
from analysis.models import Evidence

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_INDEX_OPTIONS = frozenset({"-i", "--index-url", "--extra-index-url", "-f", "--find-links"})
_EDITABLE_OPTIONS = frozenset({"-e", "--editable"})
_GITHUB = re.compile(r"github\.com[/:]([\w.-]+)/([\w.-]+?)(?:\.git)?(?:[/@#?]|$)", re.I)
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9._-]+)")
_WHEEL = re.compile(r"/([A-Za-z0-9_.]+)-[^/-]+(?:-[^/]+)?\.(?:whl|tar\.gz|zip)$", re.I)


def extract(path: str, data: bytes) -> list[Evidence]:
    """Evidence from a pip requirements file; notes for what could not be read."""
    return text_evidence(path, data, _evidence)


def _evidence(path: str, text: str) -> list[Evidence]:
    return [
        e for n, line in logical_lines(text) for e in requirement_line(path, n, line, "manifest")
    ]


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, line) with comments removed and `\\` continuations joined."""
    pending, start = "", 0
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = (_COMMENT.sub("", raw) if "#" in raw else raw).strip()
        if not pending:
            start = lineno
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if line:
            yield start, line
    if pending.strip():
        yield start, pending.strip()


def requirement_line(path: str, lineno: int | None, line: str, kind: str) -> list[Evidence]:
    """One requirements line (a requirement or a pip option) -> evidence."""
    if line.startswith("-"):
        return _option_evidence(path, lineno, line, kind)
    found = requirement_token(path, lineno, line, kind)
    return [found] if found else []


def split_option(line: str) -> tuple[str, str]:
    """`--extra-index-url=URL`, `--extra-index-url URL`, `-r file` -> (option, argument)."""
    option, sep, arg = line.partition("=") if line.startswith("--") else ("", "", "")
    if not sep or " " in option:
        option, _, arg = line.partition(" ")
    return option.strip(), arg.strip()


def _option_evidence(path: str, lineno: int | None, line: str, kind: str) -> list[Evidence]:
    option, arg = split_option(line)
    if option in _INDEX_OPTIONS:
        found = index_evidence(path, lineno, arg, kind)
    elif option in _EDITABLE_OPTIONS:
        found = url_evidence(path, lineno, arg, kind)
    else:
        found = None
    return [found] if found else []


def index_evidence(path: str, lineno: int | None, url: str, kind: str) -> Evidence | None:
    """`--extra-index-url https://download.pytorch.org/whl/cu118` is weak PyTorch evidence."""
    framework = first_match(INDEX_URLS, url)
    return (
        Evidence(path, lineno, url, framework, kind, f"{WEAK}: wheel index") if framework else None
    )


def url_evidence(path: str, lineno: int | None, url: str, kind: str) -> Evidence | None:
    """A VCS/archive/wheel URL: `#egg=` name, a known GitHub repo, or the wheel's name."""
    egg = _EGG.search(url)
    if egg:
        return package_evidence(path, lineno, egg.group(1), kind, url)
    github = _GITHUB.search(url)
    if github:
        key = f"{github.group(1)}/{github.group(2)}".lower()
        if key in GIT_REPOS:
            return Evidence(path, lineno, key, GIT_REPOS[key], kind, url)
        return package_evidence(path, lineno, github.group(2), kind, url)
    wheel = _WHEEL.search(url.split("?", 1)[0])
    if wheel:
        return package_evidence(path, lineno, wheel.group(1), kind, url)
    return index_evidence(path, lineno, url, kind)


def requirement_token(path: str, lineno: int | None, text: str, kind: str) -> Evidence | None:
    """`torch==2.1.0+cu118`, `name @ git+https://…`, `pytorch::pytorch=2.0` -> evidence."""
    text = text.strip().strip("'\"")
    if "://" in text and " @ " not in text and not text.startswith("@"):
        return url_evidence(path, lineno, text, kind)
    if "::" in text:  # conda channel::package
        text = text.split("::", 1)[1]
    match = _NAME.match(text)
    framework = framework_of_package(match.group(1)) if match else None
    if framework is None:
        return None  # only framework packages are evidence; skip the cost of parsing the rest
    name = match.group(1)
    if framework == "keras":
        detail = keras_pin(text)
    elif name.lower() in INCIDENTAL_NAMES:
        detail = f"{WEAK}: {INCIDENTAL} (data loading)"  # tensorflow-datasets feeding any model
    else:
        detail = ""
    return package_evidence(path, lineno, name, kind, detail)


@lru_cache(maxsize=1024)
def keras_pin(spec: str) -> str:
    """KERAS3 when the specifier admits only Keras 3, KERAS2 when only Keras 2, else ''."""
    spec = re.sub(r"(?<![=<>!~])=(?!=)", "==", spec.split(";", 1)[0])  # conda `keras=2.3`
    try:
        specifier = Requirement(spec).specifier
    except InvalidRequirement:
        return ""
    if not str(specifier):
        return ""
    probes = {"2.4.3", "2.11.0", "2.15.0", "3.0.0", "3.6.0", "3.10.0"}
    probes |= {clause.version.rstrip(".*") for clause in specifier}  # `keras==2.12.0`
    majors = {_major(v) for v in probes if specifier.contains(v, prereleases=True)}
    v2, v3 = 2 in majors, 3 in majors
    if v3 and not v2:
        return KERAS3
    if v2 and not v3:
        return KERAS2
    return ""


def _major(version: str) -> int | None:
    try:
        return Version(version).major
    except InvalidVersion:
        return None


# Options of pip/conda install that take an argument (the argument is not a package).
_ARG_OPTIONS = frozenset(
    {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "-n",
        "--name",
        "-p",
        "--python-version",
        "--platform",
        "--upgrade-strategy",
        "--no-binary",
        "--only-binary",
        "--trusted-host",
        "--src",
        "--channel",
        "--progress-bar",
        "--cache-dir",
        "--log",
    }
    | _INDEX_OPTIONS
)
_INSTALL = re.compile(
    r"\b(?:pip3?(?:\.\d+)?|uv\s+pip|conda|mamba|micromamba)\s+install\b(.*)", re.I
)
_SHELL_END = re.compile(r"&&|\|\||[;|>`]|\s#")
_SHELL_QUOTING = re.compile(r"[\"'\\]")
_SHELL_SPACE = re.compile(r"[ \t\r\n]+")


def install_command(path: str, lineno: int | None, line: str, kind: str) -> list[Evidence]:
    """`pip install torch==2.0 -f URL` / `conda install -c pytorch pytorch` -> evidence."""
    match = _INSTALL.search(line)
    if not match:
        return []
    args = _SHELL_END.split(match.group(1), 1)[0]
    return _install_tokens(path, lineno, _shell_words(args), kind)


def _shell_words(args: str) -> list[str]:
    """shlex.split, skipping its slow tokenizer when there is no quoting to undo."""
    if not _SHELL_QUOTING.search(args):
        return [word for word in _SHELL_SPACE.split(args) if word]  # shlex's own whitespace
    try:
        return shlex.split(args)
    except ValueError:
        return args.split()


def _install_tokens(path: str, lineno: int | None, tokens: list[str], kind: str) -> list[Evidence]:
    found: list[Evidence | None] = []
    expect: str | None = None
    for token in tokens:
        if expect is not None:
            found.append(_option_arg(path, lineno, expect, token, kind))
            expect = None
        elif token.startswith("-"):
            option, eq, value = token.partition("=")
            if option in _ARG_OPTIONS:
                if eq:
                    found.append(_option_arg(path, lineno, option, value, kind))
                else:
                    expect = option
        elif not token.startswith((".", "/", "$")):
            found.append(requirement_token(path, lineno, token, kind))
    return [e for e in found if e is not None]


def _option_arg(path: str, lineno: int | None, option: str, value: str, kind: str):
    if option in _INDEX_OPTIONS:
        return index_evidence(path, lineno, value, kind)
    if option in _EDITABLE_OPTIONS:
        return url_evidence(path, lineno, value, kind)
    if option in ("-c", "--channel"):
        return channel_evidence(path, lineno, value, kind)
    return None


def channel_evidence(path: str, lineno: int | None, channel: str, kind: str) -> Evidence | None:
    """Conda channel `pytorch` / `nvidia` (or its URL): weak evidence."""
    name = channel.rstrip("/").rsplit("/", 1)[-1].lower()
    framework = CONDA_CHANNELS.get(name)
    if framework is None:
        return None
    return Evidence(path, lineno, f"channel:{name}", framework, kind, f"{WEAK}: conda channel")


_QUOTED = re.compile(r"""["']([A-Za-z0-9][^"'\n]{0,200})["']""")


def scan_quoted(path: str, text: str, kind: str = "manifest") -> list[Evidence]:
    """Fallback for unparsable manifests: every quoted string tried as a requirement."""
    found = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for match in _QUOTED.finditer(line):
            evidence = requirement_token(path, lineno, match.group(1), kind)
            if evidence:
                found.append(evidence)
    return found
