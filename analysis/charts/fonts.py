"""Find a CJK (Korean-capable) font and register it with vl-convert so Hangul renders, not boxes."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

FONT_DIR_ENV = "CVGAP_CJK_FONT_DIR"
# Where Debian/Ubuntu (fonts-noto-cjk), Fedora and macOS put a CJK font.
KNOWN_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/System/Library/Fonts/AppleSDGothicNeo.ttc",
)
INSTALL_HINT = (
    "no Korean (CJK) font found, so Hangul would render as boxes. Install one, e.g. "
    "`sudo apt-get install fonts-noto-cjk` (Debian/Ubuntu) or `dnf install google-noto-sans-cjk-fonts`"
    f" (Fedora), or point {FONT_DIR_ENV} at a directory holding a .ttf/.otf/.ttc CJK font."
)

_registered: set[Path] = set()


class FontMissingError(Exception):
    """No CJK font is installed; the message says how to get one."""

    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


def parse_fc_list(text: str) -> list[Path]:
    """`fc-list :lang=ko file` output (`/path/font.ttc: ` per line) -> font files, Sans first."""
    files = [Path(line.split(":", 1)[0].strip()) for line in text.splitlines() if line.strip()]
    return sorted(set(files), key=lambda p: ("Sans" not in p.name, str(p)))


def _fc_list() -> str:
    if shutil.which("fc-list") is None:
        return ""
    try:
        done = subprocess.run(
            ["fc-list", ":lang=ko", "file"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout


FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def find_cjk_font(
    env: Mapping[str, str] | None = None,
    fc_output: str | None = None,
    known: Sequence[str] = KNOWN_FONTS,
) -> Path | None:
    """A directory holding a Korean-capable font: $CVGAP_CJK_FONT_DIR, fontconfig, known paths.

    `fc_output` stands in for `fc-list :lang=ko file` (None runs it)."""
    env = os.environ if env is None else env
    override = env.get(FONT_DIR_ENV)
    if override and any(p.suffix.lower() in FONT_SUFFIXES for p in Path(override).glob("*")):
        return Path(override)
    for font in parse_fc_list(_fc_list() if fc_output is None else fc_output):
        if font.is_file():
            return font.parent
    for known_font in known:
        if Path(known_font).is_file():
            return Path(known_font).parent
    return None


def register_cjk_font(
    env: Mapping[str, str] | None = None,
    fc_output: str | None = None,
    known: Sequence[str] = KNOWN_FONTS,
) -> Path:
    """Register the CJK font's directory with vl-convert (once per process); raise if none."""
    import vl_convert

    font_dir = find_cjk_font(env, fc_output, known)
    if font_dir is None:
        raise FontMissingError()
    if font_dir not in _registered:
        vl_convert.register_font_directory(str(font_dir))
        _registered.add(font_dir)
    return font_dir
