"""Every Korean string as a whole: no stray English, one register (반말), one term per concept.

The strings are every value of dashboard/locales/ko.toml and every Korean chart string of
analysis/charts/text.py as the charts get it (a key Korean lacks falls back to English, and that
English is checked too). The rules live in dashboard/locales/ko_style.toml; docs/korean.md
explains them.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator

import pytest

from analysis.charts import text as chart_text
from dashboard.i18n import STRINGS
from tests.conftest import ROOT
from tests.dashboard_db import CLASSIFIER_EVAL, PORTED_ID

STYLE_PATH = ROOT / "dashboard" / "locales" / "ko_style.toml"
DOCS = ROOT / "docs" / "korean.md"
STYLE = tomllib.loads(STYLE_PATH.read_text())
ALLOW = STYLE["allow"]
PHRASES = sorted(ALLOW["phrases"], key=len, reverse=True)
WORDS = {w for group, words in ALLOW.items() if group != "phrases" for w in words}
NOUNS_IN_YO = set(STYLE["register"]["nouns_ending_in_yo"])

# What a reader does not read as prose: `code`, {placeholders}, URLs.
_NOT_PROSE = re.compile(r"`[^`]*`|\{[^{}]*\}|https?://\S+")
# A Latin-script word: letters and digits with inner dots, hyphens or pluses (TF.js, ai-edge-torch).
_LATIN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[.+-][A-Za-z0-9]+)*(?![A-Za-z0-9])"
)
_HANGUL_WORD = re.compile(r"[가-힣]+")


def korean_strings() -> Iterator[tuple[str, str]]:
    """(where, text) for every Korean string the product shows."""
    for key, value in STRINGS["ko"].items():
        yield f"ko.toml:{key}", value
    for key in chart_text.STRINGS["en"]:
        yield f"charts/text.py:{key}", chart_text.t(key, "ko")
    for level, name in chart_text.LEVEL_NAMES["ko"].items():
        yield f"charts/text.py:LEVEL_NAMES[{level}]", name


def stray_latin(text: str) -> list[str]:
    """Latin-script words outside the allow-list, `code`, {placeholders} and URLs."""
    prose = _NOT_PROSE.sub(" ", text)
    for phrase in PHRASES:
        prose = prose.replace(phrase, " ")
    return [w for w in _LATIN.findall(prose) if w not in WORDS]


def polite_endings(text: str) -> list[str]:
    """Words ending in a 해요체 (…요) or 합쇼체 (…니다, …시오) ending; the UI speaks 반말."""
    words = _HANGUL_WORD.findall(_NOT_PROSE.sub(" ", text))
    return [
        w for w in words
        if (w.endswith("요") and w not in NOUNS_IN_YO) or w.endswith(("니다", "시오"))
    ]  # fmt: skip


def forbidden_variants(text: str) -> list[str]:
    return [v for term in STYLE["term"] for v in term["forbidden"] if v in text]


STRINGS_KO = list(korean_strings())


def test_the_checks_catch_what_they_are_for():
    assert stray_latin("CV paper 아무거나 골라서 TF port를 찾아봐") == ["paper", "port"]
    assert stray_latin("Papers 필터: any") == ["Papers", "any"]
    assert stray_latin("`import keras` 전에 {n}편, TF.js와 ai-edge-torch, https://x.org/a") == []
    assert stray_latin("Hugging Face Papers와 PyTorch 2.1") == []
    assert polite_endings("아직 코드가 없어요. 새로고침하세요. 확인했습니다") == [
        "없어요", "새로고침하세요", "확인했습니다"
    ]  # fmt: skip
    assert polite_endings("개요 페이지는 필요 없어. 정답 보기, 아직 코드 없음") == []
    assert forbidden_variants("연구-배포 갈림길이야") == ["갈림길"]


def test_there_are_korean_strings_from_both_places():
    wheres = [w for w, _ in korean_strings()]
    assert len([w for w in wheres if w.startswith("ko.toml:")]) == len(STRINGS["en"])
    assert any(w.startswith("charts/text.py:") for w in wheres)


@pytest.mark.parametrize("where,text", STRINGS_KO, ids=[w for w, _ in STRINGS_KO])
def test_no_english_word_outside_the_allow_list(where, text):
    assert stray_latin(text) == [], f"{where}: {text!r}"


@pytest.mark.parametrize("where,text", STRINGS_KO, ids=[w for w, _ in STRINGS_KO])
def test_register_is_banmal_everywhere(where, text):
    assert polite_endings(text) == [], f"{where}: {text!r}"


@pytest.mark.parametrize("where,text", STRINGS_KO, ids=[w for w, _ in STRINGS_KO])
def test_one_term_per_concept(where, text):
    assert forbidden_variants(text) == [], f"{where}: {text!r}"


def test_the_glossary_in_the_docs_is_the_one_the_tests_read():
    lines = DOCS.read_text().splitlines()
    for term in STYLE["term"]:
        row = f"| {term['en']} | {term['ko']} |"
        assert any(line.startswith(row) for line in lines), f"docs/korean.md lacks: {row}"
    for word in [*WORDS, *PHRASES]:
        assert word in DOCS.read_text(), f"docs/korean.md does not list the allowed {word!r}"


def test_the_translated_evaluation_note_is_the_one_the_snapshot_carries():
    # The Method page shows ko.toml's eval_note_method only while the stored English note is
    # en.toml's word for word; when `make snapshot` words it differently, update both files.
    bundled = json.loads((ROOT / "data" / "provenance.json").read_text())["classifier_eval"]
    assert bundled["method"] == STRINGS["en"]["eval_note_method"] == CLASSIFIER_EVAL["method"]


# The rendered pages: every string the app itself writes around the data (titles, prose,
# captions, alerts, metric names, button and widget labels, options), in Korean, on the test
# snapshot. Data shown as data (st.text, tables, code) is not prose and is not scanned.
PAGES = ("overview", "papers", "exercise", "port_lag", "method", "export", "backend_lab")
_PROSE = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success")
_TITLE_PICKERS = {"papers_pick", "ex_pick"}  # their options are paper titles: data


def rendered_prose(at) -> Iterator[str]:
    for kind in _PROSE:
        yield from (e.value for e in getattr(at, kind))
    yield from (m.label for m in at.metric)
    yield from (b.label for b in at.button)
    for widget in (*at.radio, *at.selectbox, *at.multiselect):
        yield widget.label
        if widget.key not in _TITLE_PICKERS:
            yield from widget.options


@pytest.mark.parametrize("page", PAGES)
def test_rendered_korean_pages_have_no_stray_english(env, page):
    from tests.test_dashboard_pages import run_page

    at = run_page(page, "ko", titled=False, query={"p": PORTED_ID})
    if page == "exercise":  # the revealed answer too, on a paper with a port
        at.radio(key=f"g_{PORTED_ID}").set_value("pytorch").run()
        at.button(key=f"reveal_{PORTED_ID}").click().run()
        assert at.subheader[-1].value == STRINGS["ko"]["step4"]
    version = "t.1"  # the test snapshot's classifier version (tests/dashboard_db.py), data
    texts = [text.replace(version, " ") for text in rendered_prose(at)]
    stray = {text: found for text in texts if (found := stray_latin(text))}
    assert stray == {}, stray
