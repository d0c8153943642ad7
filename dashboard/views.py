"""Rendering helpers shared by pages: empty states, a paper's repos/label/evidence/ports, links.

Untrusted strings (titles, repo names, evidence, URLs from the web) only ever reach `st.text`,
`st.dataframe` or `st.code`, never Markdown or HTML. Links are built from validated identifiers.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import streamlit as st

from analysis.models import RepoRef
from dashboard import data, i18n
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
         t("col_framework"): value_label(e.framework or ""), t("col_kind"): value_label(e.kind),
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
         t("col_first_seen"): p.first_seen,
         t("col_first_seen_source"): value_label(p.first_seen_source or "")}
        for p in ports
    ]  # fmt: skip
    keys = ["col_level", "col_ladder", "col_kind", "col_framework", "col_source", "col_url",
            "col_evidence", "col_first_seen", "col_first_seen_source"]  # fmt: skip
    return pd.DataFrame(rows, columns=[t(k) for k in keys])


def paper_header(paper, repo_name_only: bool = False) -> None:
    """Title (as text; `repo_name_only`: it is a repository's name, and the page says so),
    venue/year/date and a validated arXiv link."""
    st.text(paper.title)
    if repo_name_only:
        st.caption(t("title_repo_name"))
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
    paper_header(detail.paper, detail.title_is_repo_name)
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
    """The Papers table with translated headers and readable values (titles stay plain text).

    Dates: `published` with where it came from and its precision (empty where the store does not
    record them), the arXiv date, and the date the window uses (`ref_date`: published, else the
    venue's usual month, said so in "date from")."""
    source = rows["published_source"].astype("object")
    by_venue = rows["published"].isna() & rows["ref_date"].notna()
    source = source.where(source.notna(), None).map(lambda v: value_label(v) if v else "")
    source[by_venue] = t("date_from_venue_month")
    out = pd.DataFrame(
        {
            t("col_title"): rows["title"],
            t("col_venue"): rows["venue"],
            t("col_year"): rows["year"],
            t("col_published"): _dates(rows["published"]),
            t("col_date_source"): source,
            t("col_date_precision"): rows["published_precision"].fillna("").map(value_label),
            t("col_arxiv_published"): _dates(rows["arxiv_published"]),
            t("col_ref_date"): _dates(rows["ref_date"]),
            t("col_framework"): rows["framework"].map(value_label),
            t("col_code_status"): rows["code_status"].map(value_label),
            t("col_confidence"): rows["confidence"].round(2),
            t("col_best_port"): rows["best_level"],
            t("col_repo"): rows["official_repo"],
            t("col_paper_id"): rows["paper_id"],
        }
    )
    return out


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.date


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
    return re.sub(r"^(\d+(?:\.\d+)?) %$", r"\1%", str(v))  # make snapshot writes "100.0 %"


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


def diagonal(confusion: pd.DataFrame) -> tuple[int, int]:
    """(repositories on the diagonal, all repositories) of a truth x predicted matrix: the strict
    agreement, where only the ground-truth label itself counts as right."""
    right = sum(int(confusion.at[name, name]) for name in confusion.index if name in confusion)
    return right, int(confusion.to_numpy().sum())


def published_figures() -> pd.DataFrame:
    """Published framework figures, each with its own method (never merged with ours)."""
    keys = ("pub_gradient", "pub_pwc", "pub_stateofai")
    cols = ("col_pub_source", "col_pub_counted", "col_pub_figure", "col_pub_differs")
    rows = [{t(c): t(f"{k}_{c.removeprefix('col_pub_')}") for c in cols} for k in keys]
    return pd.DataFrame(rows, columns=[t(c) for c in cols])


def chart_specs(bundle: dict, lang: str) -> list[tuple[str, object, pd.DataFrame, bool]]:
    """(name, Altair chart, data, empty) for every chart, from `data.overview()`: the gap first,
    then as `analysis.charts.charts_from` lists them (the same specs and data as the export)."""
    from analysis import charts

    specs = charts.charts_from(bundle, lang)
    specs.sort(key=lambda s: s.name != "gap")
    return [(s.name, s.chart, s.data, s.empty) for s in specs]


# --- ports: the Exercise reveal and the "How long until a port?" view ------------------------------


def search_links(paper) -> list[tuple[str, str]]:
    """(label key, URL) of the searches a learner would run by hand: for the validated arXiv id,
    else for the paper's short name ("Depth Anything"), else its title; always URL-encoded, never
    pasted into Markdown."""
    from urllib.parse import quote_plus

    from analysis.ports.names import short_names

    arxiv_id = paper.arxiv_id if paper.arxiv_id and _ARXIV_ID.match(paper.arxiv_id) else None
    name = next(iter(short_names(paper.title)), None)
    what = f'"{arxiv_id or name or paper.title[:120]}"'
    links = [("search_github", "https://github.com/search?type=repositories&q="
              + quote_plus(f"{what} keras OR tensorflow OR tflite"))]  # fmt: skip
    if arxiv_id:
        links.append(("search_hf", f"https://huggingface.co/models?other=arxiv:{arxiv_id}"))
    elif name:
        links.append(("search_hf_name", "https://huggingface.co/models?search=" + quote_plus(name)))
    links.append(("search_keras_hub", "https://github.com/search?type=code&q="
                  + quote_plus(f"repo:keras-team/keras-hub {what}")))  # fmt: skip
    return links


def port_reveal(detail) -> None:
    """Whether a TF port exists, where (the source, translated, and its URL) and since when; a
    button to the port when its URL is a plain GitHub / Hugging Face page; the searches to run."""
    tf = [p for p in detail.ports if p.is_tf_port and p.level >= 1]
    if tf:
        best = max(tf, key=lambda p: (p.level, -(p.first_seen or date.max).toordinal()))
        values = {"level": best.level, "where": value_label(best.source),
                  "ladder": t(f"ladder_{best.level}").split(" · ", 1)[-1]}  # fmt: skip
        if best.first_seen is not None:
            st.markdown(t("port_found", since=best.first_seen.isoformat(),
                          lag=_lag_text(detail.paper.arxiv_id, best.first_seen), **values))  # fmt: skip
        else:
            st.markdown(t("port_found_undated", **values))
        st.text(best.url)  # from the web: plain text
        if url := port_url(best.url):
            st.link_button(t("open_port"), url)
    else:
        st.markdown(t("port_none_found"))
    st.caption(t("search_yourself"))
    cols = st.columns(3)
    for col, (key, url) in zip(cols, search_links(detail.paper), strict=False):
        col.link_button(t(key), url)


_PORT_HOSTS = ("github.com", "huggingface.co")
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9._~/-]+$")


def port_url(url: str) -> str | None:
    """`url` when it is https on GitHub or the Hugging Face Hub with a plain path, else None."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    plain = parts.scheme == "https" and parts.hostname in _PORT_HOSTS and not parts.port
    return url if plain and _SAFE_PATH.match(parts.path) and not parts.query else None


def _lag_text(arxiv_id: str | None, when: date) -> str:
    from analysis.ports.lag import lag_months, paper_month

    month = paper_month(arxiv_id)
    if month is None:
        return "-"
    months = lag_months(month, when)
    return t("port_lag_months" if months >= 0 else "port_lag_before", months=abs(months))


def lag_summary_frame(summary: pd.DataFrame) -> pd.DataFrame:
    """A lag summary (metrics.lag_summary) with translated headers; titles stay plain text."""
    cols = {"group": "col_group", "party": "col_party", "papers": "col_papers",
            "median_months": "col_median_months", "within_6": "col_within_6",
            "within_12": "col_within_12", "within_24": "col_within_24",
            "newest_paper": "col_newest_paper", "newest_arxiv": "col_arxiv"}  # fmt: skip
    out = summary.rename(columns={k: t(v) for k, v in cols.items()})
    out[t("col_party")] = summary["party"].map(value_label)
    out[t("col_group")] = summary["group"].map(lambda g: value_label(g) if g == "all" else g)
    for k in ("within_6", "within_12", "within_24"):
        out[t(cols[k])] = (summary[k] * 100).round(0).astype("int64").astype(str) + " %"
    return out


def lag_ports_frame(lags: pd.DataFrame) -> pd.DataFrame:
    """Every dated port of the view, one row per paper and source, URLs as plain text."""
    return pd.DataFrame({
        t("col_title"): lags["title"], t("col_arxiv"): lags["arxiv_id"],
        t("col_paper_month"): pd.to_datetime(lags["paper_month"]).dt.strftime("%Y-%m"),
        t("col_source"): lags["source"], t("col_party"): lags["party"].map(value_label),
        t("col_level"): lags["level"], t("col_first_seen"): pd.to_datetime(lags["first_seen"]).dt.date,
        t("col_first_seen_source"): lags["first_seen_source"].fillna("").map(value_label),
        t("col_lag_months"): lags["lag_months"], t("col_url"): lags["url"],
        t("col_sample"): lags["sample"].map(value_label),
    })  # fmt: skip


# --- the window: a caption under every page's title ----------------------------------------------


def window_caption(prov=None, target=None) -> None:
    """`Papers 2026-06-03 to 2026-12-02 (last 6 months) · data as of 2026-12-02` under the title.

    `prov`: the page's windowed `metrics.Provenance` when it has one (its oldest paper dates the
    "all years" window); else it is loaded for the session's window. `target`: where to write
    (an `st.empty()` placed under the title by a page that knows `prov` only later)."""
    target = target or st
    from analysis import charts, metrics

    if prov is None:
        prov = data.load(metrics.provenance, window=data.window())
    win = prov.window
    if win is None:
        target.caption(t("window_no_papers"))
        return
    period = charts.period(prov, i18n.lang())
    target.caption(t("window_caption", period=period, as_of=win.as_of.isoformat()))


def chart_or_empty(target, spec, prov, width: str = "content") -> None:
    """Draw `spec` (views.chart_specs entry) in `target`, or say the window has no data for it."""
    from analysis import charts

    name, chart, frame, empty = spec
    if empty:
        target.info(charts.empty_text(prov, i18n.lang()))
    else:
        target.altair_chart(chart, theme=None, width=width)


CSV_ROWS = 100_000  # papers per CSV download: every match of a filter on today's snapshots


def papers_csv(flt) -> bytes:
    """Every paper matching the Papers filter (not just the page shown) as CSV, with its dates."""
    from analysis import metrics

    rows = data.load(metrics.papers_page, f=flt, page=0, page_size=CSV_ROWS).rows
    return papers_frame(rows).to_csv(index=False).encode("utf-8")
