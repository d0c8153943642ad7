"""Export page helpers: chart bytes through `analysis.charts.export` (same renderer as the CLI), data files."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

import pandas as pd

from analysis.charts import export, fonts

IMAGE_FORMATS = export.FORMATS  # ("png", "svg", "pdf")
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
}


@functools.cache
def font_problem(lang: str) -> str | None:
    """How to get a CJK font when Korean charts would otherwise render Hangul as boxes.

    Cached: looking for fonts runs `fc-list`, and fonts do not appear while the app runs.
    """
    try:
        fonts.register_cjk_font()
    except fonts.FontMissingError as e:
        return str(e) if lang == "ko" else None
    return None


def render(chart, fmt: str) -> bytes:
    """PNG/SVG/PDF bytes of an Altair chart, with the CJK font registered first."""
    font_problem("en")
    return export.render(chart, fmt)


def image_callback(chart, fmt: str) -> Callable[[], bytes]:
    """Deferred rendering: vl-convert runs only when the user clicks the download button."""
    return lambda: render(chart, fmt)


def to_csv(frame: pd.DataFrame) -> bytes:
    return export.csv_bytes(frame)


def to_parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()
