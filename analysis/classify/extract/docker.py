"""Dockerfile -> framework evidence (FROM base images, pip/conda install lines)."""

from __future__ import annotations

import re

from analysis.classify.extract.common import text_evidence
from analysis.classify.extract.requirements import install_command, logical_lines
from analysis.classify.frameworks import framework_of_image
from analysis.models import Evidence

_FROM = re.compile(r"^FROM\s+(?:--\S+\s+)*(\S+)", re.I)
_ARG = re.compile(r"^ARG\s+(\w+)=(\S+)", re.I)  # `ARG BASE=nvcr.io/nvidia/pytorch:23.10-py3`
_VAR = re.compile(r"\$\{(\w+)\}|\$(\w+)")


def extract(path: str, data: bytes) -> list[Evidence]:
    """Evidence from FROM lines (pytorch/pytorch, nvcr.io/nvidia/tensorflow) and RUN installs."""
    return text_evidence(path, data, _evidence)


def _evidence(path: str, text: str) -> list[Evidence]:
    evidence: list[Evidence] = []
    args: dict[str, str] = {}
    for lineno, line in logical_lines(text):
        arg = _ARG.match(line)
        if arg:
            args[arg.group(1)] = arg.group(2).strip("'\"")
            continue
        match = _FROM.match(line)
        if match:
            image = _VAR.sub(
                lambda m: args.get(m.group(1) or m.group(2), m.group(0)), match.group(1)
            )
            framework = framework_of_image(image)
            if framework:
                evidence.append(Evidence(path, lineno, image, framework, "docker", "base image"))
        else:
            evidence.extend(install_command(path, lineno, line, "docker"))
    return evidence
