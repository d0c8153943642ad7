"""Every UI string, English and Korean (`STRINGS`, read from `locales/<lang>.toml`), and the
session's language.

Korean is the lesson's language; English is the default. A translator edits the TOML files, not
Python. Keys are identical in both languages (a test checks it). Values are `str.format` templates;
placeholders must match across languages too.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import streamlit as st

LANGS: dict[str, str] = {"en": "English", "ko": "한국어"}
LANG_KEY = "lang"


def init_lang() -> None:
    """Seed the language from `?lang=ko` once per session; the sidebar radio owns it afterwards."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang", "en")
        st.session_state[LANG_KEY] = wanted if wanted in LANGS else "en"


def sync_query_param() -> None:
    """Keep `?lang=` in the address bar so a reload or a shared link keeps the language."""
    st.query_params["lang"] = st.session_state[LANG_KEY]


def lang() -> str:
    value = st.session_state.get(LANG_KEY, "en")
    return value if value in LANGS else "en"


def t(key: str, lang_code: str | None = None, **values: object) -> str:
    """The string `key` in the session's language (or `lang_code`), formatted with `values`."""
    table = STRINGS[lang_code or lang()]
    text = table.get(key, STRINGS["en"].get(key, key))
    return text.format(**values) if values else text


def value_key(value: object) -> str:
    """The table key for a data value (framework, slice, code status): `v_` + a safe slug."""
    return "v_" + re.sub(r"[^a-z0-9]+", "_", str(value).lower()).strip("_")


def value_label(value: object, lang_code: str | None = None) -> str:
    """A data value as users read it (`pytorch` -> `PyTorch`); unknown values pass through."""
    key = value_key(value)
    return t(key, lang_code) if key in STRINGS["en"] else str(value)


def labeler(prefix: str | None = None) -> Callable[[object], str]:
    """A widget `format_func` bound to the current language (it may be called outside a run).

    With `prefix`, values map to the keys `prefix + str(value)`; else through `value_label`.
    """
    code = lang()
    if prefix is None:
        return lambda v: value_label(v, code)
    return lambda v: t(f"{prefix}{v}", code)


# key -> (English, Korean). Markdown is allowed here: these strings are ours, never the web's.
LOCALES = Path(__file__).resolve().parent / "locales"


def load_strings(folder: Path = LOCALES) -> dict[str, dict[str, str]]:
    """`<lang>.toml` of every language in LANGS: key -> `str.format` template."""
    strings = {}
    for code in LANGS:
        with open(folder / f"{code}.toml", "rb") as f:
            strings[code] = tomllib.load(f)
    return strings


STRINGS: dict[str, dict[str, str]] = load_strings()
