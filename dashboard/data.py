"""Cached loaders: `analysis.metrics` calls over short-lived read-only DuckDB connections.

Each cache entry is keyed by the database file's identity (inode, mtime, size), so when a refresh
publishes a new snapshot by atomic rename, the next rerun sees a new key and reads the new file;
the old entries simply stop being asked for. Connections are opened per load and closed at once,
so the app never holds the file a refresh wants to replace.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import streamlit as st

from analysis import store

# One connection at a time per process: DuckDB shares one database instance between open
# connections to the same path, so an overlapping reader could hand a fresh load the old file.
_LOCK = threading.Lock()


def resolve_db_path(argv: Sequence[str], env: dict[str, str]) -> Path:
    """`--db PATH` (after `--` in `streamlit run app.py -- --db PATH`), else `$CVGAP_DB`, else bundled."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(list(argv))
    if known.db:
        return Path(known.db).expanduser()
    if env.get(store.DB_ENV):
        return Path(env[store.DB_ENV]).expanduser()
    return store.DEFAULT_DB


def db_path() -> Path:
    """The database this session reads (set once by app.py; resolved here for a lone page)."""
    if "db_path" not in st.session_state:
        st.session_state["db_path"] = str(resolve_db_path(sys.argv[1:], dict(os.environ)))
    return Path(st.session_state["db_path"])


def db_version(path: Path) -> tuple[int, int, int] | None:
    """(inode, mtime_ns, size) of the file, or None when there is no database there."""
    try:
        s = path.stat()
    except OSError:
        return None
    return (s.st_ino, s.st_mtime_ns, s.st_size)


Call = tuple[Callable[..., Any], dict[str, Any]]


def query(fn: Callable[..., Any], path: Path, **kwargs: Any) -> Any:
    """Call `fn(con, **kwargs)` on a fresh read-only connection; the result is cached per version."""
    return query_all({"result": (fn, kwargs)}, path)["result"]


def query_all(calls: dict[str, Call], path: Path) -> dict[str, Any]:
    """Several metrics on ONE connection (they share its `paper_facts` temp table); cached."""
    version = db_version(path)
    if version is None:
        raise FileNotFoundError(f"no database at {path}")
    key = tuple(
        (name, fn.__module__, fn.__name__, tuple(sorted(kw.items())))
        for name, (fn, kw) in calls.items()
    )
    return _cached(str(path), version, key)


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached(path: str, version: tuple, calls: tuple) -> dict[str, Any]:
    fns = {name: (_resolve(module, fn), dict(kw)) for name, module, fn, kw in calls}
    with _LOCK:
        con = duckdb.connect(path, read_only=True)
        try:
            return {name: fn(con, **kw) for name, (fn, kw) in fns.items()}
        finally:
            con.close()


def _resolve(module: str, name: str) -> Callable[..., Any]:
    # Only functions of the analysis package are callable through the cache key.
    if not module.startswith("analysis.") or name.startswith("_"):
        raise ValueError(f"not an analysis function: {module}.{name}")
    import importlib

    return getattr(importlib.import_module(module), name)


def load(fn: Callable[..., Any], **kwargs: Any) -> Any:
    """`query` on this session's database."""
    return query(fn, db_path(), **kwargs)


def load_all(calls: dict[str, Call]) -> dict[str, Any]:
    """`query_all` on this session's database."""
    return query_all(calls, db_path())


def has_db() -> bool:
    return db_version(db_path()) is not None


def overview(cv_only: bool = True, window: Any = None, lag: bool = False) -> dict[str, Any]:
    """Everything the Overview and Export pages chart for `window`, from one connection (the
    same queries as `analysis.charts.overview_data`). `lag`: also the port-lag curves, which the
    Export page ships and the Overview does not draw (a third of a cold load at 100k papers)."""
    from analysis import metrics
    from analysis.metrics.window import first_day

    scope = {"cv_only": cv_only, "window": window}
    since, until = first_day(window), window and window.until
    return load_all(
        {
            "provenance": (metrics.provenance, scope),
            "headline": (metrics.headline, scope),
            "gap": (metrics.gap, scope),
            "share": (metrics.framework_share, scope),
            "month": (metrics.framework_share_by_month, scope),
            "venue": (metrics.framework_share_by_venue_year, scope),
            "ladder": (metrics.ladder_distribution, scope),
            "days": (metrics.days_to_first_port_histogram, scope),
            "paths": (
                metrics.port_paths,
                {"f": metrics.PaperFilter(cv_only=cv_only), "since": since, "until": until},
            ),  # fmt: skip
        }
        | ({"lag": (metrics.port_lag_view, {})} if lag else {})  # every dated port of every year
    )


def port_lag() -> Any:
    """The "How long until a port?" view (`metrics.PortLagView`) of this session's database:
    every dated port of every year (the window does not apply: ports take months to appear)."""
    from analysis import metrics

    return load(metrics.port_lag_view)


# --- the window every page answers for (sidebar switch, kept in `?w=`) ----------------------------

WINDOW_KEY, WINDOW_PARAM = "window", "w"


def window_keys() -> tuple[str, ...]:
    """The switch's options: "6m", "12m", "all" (Window.key() of each WINDOW_MONTHS entry)."""
    from analysis.metrics.window import WINDOW_MONTHS

    return tuple("all" if m is None else f"{m}m" for m in WINDOW_MONTHS)


def init_window() -> None:
    """Seed the window from `?w=` once per session (unknown values: the six-month default)."""
    from analysis.metrics.window import parse_months

    if WINDOW_KEY not in st.session_state:
        months = parse_months(st.query_params.get(WINDOW_PARAM))
        st.session_state[WINDOW_KEY] = "all" if months is None else f"{months}m"


def sync_window_param() -> None:
    """Keep `?w=` in the address bar so a reload or a shared link keeps the window."""
    st.query_params[WINDOW_PARAM] = st.session_state[WINDOW_KEY]


def window() -> Any:
    """The session's `Window` on this database's as-of date; None without a database or papers."""
    from analysis.metrics import window as win

    if not has_db():
        return None
    day = load(win.as_of)
    months = win.parse_months(st.session_state.get(WINDOW_KEY))
    return None if day is None else win.Window(months, day)
