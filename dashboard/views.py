"""Rendering helpers shared by pages: empty states, a paper's repos/label/evidence/ports, links.

Untrusted strings (titles, repo names, evidence, URLs from the web) only ever reach `st.text`,
`st.dataframe` or `st.code`, never Markdown or HTML. Links are built from validated identifiers.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import streamlit as st

from analysis.models import RepoRef
from dashboard import data
from dashboard.i18n import STRINGS, t, value_label

_ARXIV_ID = re.compile(r"^\d{4}\.\d{4,5}$")


def require_db() -> None:
    """Stop the page with instructions when there is no database to read."""
    if not data.has_db():
        st.info(t("no_db", path=str(data.db_path())))
        st.stop()


def repo_url(repo: RepoRef | None) -> str | None:
    """`https://github.com/owner/name` only when the name re-parses to itself (no odd characters)."""
    if repo is None:
        return None
    checked = RepoRef.parse(repo.full_name)
    return checked.url if checked and checked.full_name == repo.full_name else None


def arxiv_url(arxiv_id: str | None) -> str | None:
    return f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id and _ARXIV_ID.match(arxiv_id) else None


def evidence_frame(label) -> pd.DataFrame:
    """A label's evidence lines as a table (file, line, package, framework, kind, detail)."""
    rows = [
        {t("col_file"): e.file, t("col_line"): e.line, t("col_package"): e.package,
         t("col_framework"): value_label(e.framework or ""), t("col_kind"): e.kind,
         t("col_detail"): e.detail}
        for e in (label.evidence if label else ())
    ]  # fmt: skip
    cols = ["col_file", "col_line", "col_package", "col_framework", "col_kind", "col_detail"]
    return pd.DataFrame(rows, columns=[t(c) for c in cols])


def ports_frame(ports) -> pd.DataFrame:
    """Ports on the ladder, best first; URLs stay plain text (they come from the web)."""
    rows = [
        {t("col_level"): p.level, t("col_ladder"): t(f"ladder_{p.level}"),
         t("col_kind"): p.kind, t("col_framework"): value_label(p.framework or ""),
         t("col_source"): p.source, t("col_url"): p.url, t("col_evidence"): p.evidence,
         t("col_first_seen"): p.first_seen}
        for p in ports
    ]  # fmt: skip
    keys = ["col_level", "col_ladder", "col_kind", "col_framework", "col_source", "col_url",
            "col_evidence", "col_first_seen"]  # fmt: skip
    return pd.DataFrame(rows, columns=[t(k) for k in keys])


def paper_header(paper) -> None:
    """Title (as text), venue/year/date and a validated arXiv link."""
    st.text(paper.title)
    facts = [paper.venue, str(paper.year or ""), str(paper.published or ""), paper.paper_id]
    st.text(" · ".join(f for f in facts if f and f != "None"))  # venue/id come from sources
    url = arxiv_url(paper.arxiv_id)
    if url:
        st.link_button(t("open_arxiv"), url)


def repo_block(entry) -> None:
    """One linked repository: name (text), GitHub link, label, confidence, evidence table."""
    st.text(f"{entry.repo.full_name}  ({entry.provenance})")
    url = repo_url(entry.repo)
    if url:
        st.link_button(t("open_github"), url)
    label = entry.label
    if label is None:
        st.info(t("no_label", status=value_label(entry.status or "unlabelled")))
        return
    c1, c2, c3 = st.columns(3)
    c1.metric(t("label_primary"), value_label(label.primary))
    c2.metric(t("label_confidence"), f"{label.confidence:.0%}")
    c3.metric(t("label_status"), value_label(label.code_status))
    st.caption(t("label_version", version=label.classifier_version, commit=label.commit or "-"))
    st.dataframe(evidence_frame(label), hide_index=True, width="stretch")


def paper_detail(detail) -> None:
    """A paper's page: header, its official repo(s) with label and evidence, ports on the ladder."""
    paper_header(detail.paper)
    c1, c2 = st.columns(2)
    c1.metric(t("col_framework"), value_label(detail.framework))
    c2.metric(t("best_port"), t(f"ladder_{detail.best_level}"))
    official = [r for r in detail.repos if r.is_official] or list(detail.repos)
    st.subheader(t("official_repo"))
    if not official:
        st.info(t("no_repo"))
    for entry in official:
        repo_block(entry)
    st.subheader(t("ports_heading"))
    if detail.ports:
        st.dataframe(ports_frame(detail.ports), hide_index=True, width="stretch")
    else:
        st.info(t("no_ports"))


def papers_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The Papers table with translated headers and readable values (titles stay plain text)."""
    out = pd.DataFrame(
        {
            t("col_title"): rows["title"],
            t("col_venue"): rows["venue"],
            t("col_year"): rows["year"],
            t("col_published"): pd.to_datetime(rows["published"]).dt.date,
            t("col_framework"): rows["framework"].map(value_label),
            t("col_code_status"): rows["code_status"].map(value_label),
            t("col_confidence"): rows["confidence"].round(2),
            t("col_best_port"): rows["best_level"],
            t("col_repo"): rows["official_repo"],
            t("col_paper_id"): rows["paper_id"],
        }
    )
    return out


def deployment_key(framework: str, best_level: int) -> str:
    """Which explanation fits: native TF/Keras, a gap-closing port, a partial port, or none."""
    if framework in ("tensorflow", "keras"):
        return "deploy_native"
    if best_level >= 3:
        return "deploy_port"
    if best_level >= 1:
        return "deploy_partial"
    return "deploy_none"


def parse_eval(
    text: str | None,
) -> tuple[dict[str, str], dict[str, str], pd.DataFrame | None] | None:
    """The `classifier_eval` meta JSON -> (headline numbers, notes, confusion truth x predicted).

    Accepts a `confusion` (or `confusion_matrix`) given as {truth: {predicted: n}}, as
    {"labels": [...], "matrix": [[...]]} or as [{"truth", "predicted", "n"}, ...]. Numbers and
    short strings at the top level become headline metrics; longer strings become notes.
    """
    if not text:
        return None
    try:
        obj = json.loads(text)
    except ValueError:
        return None
    if not isinstance(obj, dict):
        return None
    plain = {k: v for k, v in obj.items() if isinstance(v, int | float | str)}
    scalars = {k: _fmt_number(v) for k, v in plain.items() if len(str(v)) <= _METRIC_CHARS}
    notes = {k: str(v) for k, v in plain.items() if len(str(v)) > _METRIC_CHARS}
    raw = obj.get("confusion", obj.get("confusion_matrix"))
    return scalars, notes, _confusion(raw)


def eval_notes(notes: dict[str, str]) -> list[str]:
    """Notes as captions. A note `make snapshot` writes (`eval_note_<key>` in en.toml, word for
    word) is shown translated; any other note is data we cannot translate and is shown as stored."""
    out = []
    for key, text in notes.items():
        known = f"eval_note_{key}"
        if STRINGS["en"].get(known) == text:
            out.append(f"{t(known + '_label')}: {t(known)}")
        else:
            out.append(f"{key}: {text}")
    return out


_METRIC_CHARS = 24  # longer values read better as a sentence than as a metric tile
# labels.csv vocabulary besides framework names.
_EVAL_NAMES = {"none": "v_none_dl", "no-code": "v_no_code"}


def _eval_name(name: str) -> str:
    return t(_EVAL_NAMES[name]) if name in _EVAL_NAMES else value_label(name)


def _fmt_number(v: object) -> str:
    if isinstance(v, float) and 0 <= v <= 1:
        return f"{v:.1%}"
    return str(v)


def _confusion(raw: object) -> pd.DataFrame | None:
    if isinstance(raw, dict) and "matrix" in raw and "labels" in raw:
        labels = [str(x) for x in raw["labels"]]
        frame = pd.DataFrame(raw["matrix"], index=labels, columns=labels)
    elif isinstance(raw, dict) and all(isinstance(v, dict) for v in raw.values()):
        frame = pd.DataFrame(raw).T.fillna(0).astype("int64")
    elif isinstance(raw, list) and raw and all(isinstance(r, dict) for r in raw):
        cells = pd.DataFrame(raw)  # [{"truth": ..., "predicted": ..., "n": ...}, ...]
        frame = cells.pivot_table(index="truth", columns="predicted", values="n", aggfunc="sum")
        frame = frame.fillna(0).astype("int64")
    else:
        return None
    frame = frame.reindex(
        columns=[c for c in frame.index if c in frame.columns]
        + [c for c in frame.columns if c not in frame.index],
        fill_value=0,
    )
    frame = frame.rename(index=_eval_name, columns=_eval_name)
    frame.index.name = t("truth_vs_predicted")
    return frame


def published_figures() -> pd.DataFrame:
    """Published framework figures, each with its own method (never merged with ours)."""
    keys = ("pub_gradient", "pub_pwc", "pub_stateofai")
    cols = ("col_pub_source", "col_pub_counted", "col_pub_figure", "col_pub_differs")
    rows = [{t(c): t(f"{k}_{c.removeprefix('col_pub_')}") for c in cols} for k in keys]
    return pd.DataFrame(rows, columns=[t(c) for c in cols])


def chart_specs(bundle: dict, lang: str) -> list[tuple[str, object, pd.DataFrame]]:
    """(name, Altair chart, data) for every Overview chart, built from `data.overview()`."""
    from analysis import charts

    prov = bundle["provenance"]
    g = bundle["gap"]
    gap_data = charts.gap_frame(g).assign(  # the same columns as analysis.charts.specs.all_charts
        numerator=g.numerator, denominator=g.denominator, gap_share=g.share,
        excluded_no_code_yet=g.excluded_no_code_yet, excluded_unknown=g.excluded_unknown,
    )  # fmt: skip
    return [
        ("gap", charts.gap_chart(bundle["gap"], prov, lang), gap_data),
        ("framework_share", charts.framework_share_chart(bundle["share"], prov, lang),
         bundle["share"]),
        ("share_by_quarter", charts.share_by_quarter_chart(bundle["quarter"], prov, lang),
         bundle["quarter"]),
        ("share_by_venue_year", charts.share_by_venue_year_chart(bundle["venue"], prov, lang),
         bundle["venue"]),
        ("ladder", charts.ladder_chart(bundle["ladder"], prov, lang), bundle["ladder"]),
        ("days_to_first_port", charts.days_to_port_chart(bundle["days"], prov, lang),
         bundle["days"]),
    ]  # fmt: skip
