"""Dashboard pieces without a page: strings, database choice, snapshot swaps, progress, backend lab."""

from __future__ import annotations

import re
import shutil
import string
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis import metrics, store
from bench import synth
from dashboard import backend_lab_runner as lab
from dashboard import data, progress
from dashboard.i18n import LANGS, STRINGS, load_strings, value_key
from dashboard.keras_snippet import make_weights
from tests.conftest import ROOT


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    assert set(STRINGS) == set(LANGS) == {"en", "ko"}
    assert STRINGS["en"].keys() == STRINGS["ko"].keys()
    for key, en in STRINGS["en"].items():
        ko = STRINGS["ko"][key]
        assert en.strip() and ko.strip(), key
        assert _fields(en) == _fields(ko), key


def test_strings_are_read_from_the_locale_files(tmp_path):
    for code in LANGS:
        text = (ROOT / "dashboard" / "locales" / f"{code}.toml").read_text()
        (tmp_path / f"{code}.toml").write_text(
            text.replace('nav_overview = "', 'nav_overview = "X')
        )
    edited = load_strings(tmp_path)
    assert edited["en"]["nav_overview"] == "X" + STRINGS["en"]["nav_overview"]
    assert edited["ko"]["nav_overview"] == "X" + STRINGS["ko"]["nav_overview"]


def test_korean_strings_are_korean():
    same = [k for k, en in STRINGS["en"].items() if en == STRINGS["ko"][k]]
    # Only proper names (frameworks, "Keras", "URL") may be identical in both languages.
    assert all(k.startswith("v_") or k in {"col_url", "col_keras", "pub_gradient_source"}
               for k in same), same  # fmt: skip
    assert re.search("[가-힣]", STRINGS["ko"]["overview_title"])


def test_every_key_the_code_asks_for_exists():
    source = "\n".join(p.read_text() for p in (ROOT / "dashboard").rglob("*.py"))
    used = set(re.findall(r'\bt\(\s*"([a-z0-9_]+)"', source))
    assert used and used <= STRINGS["en"].keys(), used - STRINGS["en"].keys()
    for prefix, suffixes in {"ladder_": range(6), "port_filter_": (0, 1, 3)}.items():
        assert {f"{prefix}{s}" for s in suffixes} <= STRINGS["en"].keys()
    slices = [*metrics.SLICES, metrics.NO_OFFICIAL, *metrics.PAPER_CODE_STATUSES]
    assert {value_key(v) for v in slices} <= STRINGS["en"].keys()


def test_db_path_prefers_cli_then_env_then_bundled(tmp_path):
    cli, env = tmp_path / "cli.duckdb", tmp_path / "env.duckdb"
    assert data.resolve_db_path(["--db", str(cli)], {"CVGAP_DB": str(env)}) == cli
    assert data.resolve_db_path(["--other", "x"], {"CVGAP_DB": str(env)}) == env
    assert data.resolve_db_path([], {}) == store.DEFAULT_DB


def test_published_snapshot_is_picked_up_on_the_next_read(tmp_path):
    public = tmp_path / "cvgap.duckdb"
    synth.build(public, 40, seed=1)
    first = data.query(metrics.headline, public)
    # A refresh works in its own file and publishes a bigger snapshot by atomic rename.
    synth.build(tmp_path / "next.duckdb", 90, seed=2)
    shutil.copyfile(tmp_path / "next.duckdb", store.work_path(public))
    con = store.connect(store.work_path(public))
    store.publish(con, public)
    con.close()
    second = data.query(metrics.headline, public)
    assert (first.papers, second.papers) == (40, 90)
    assert data.query(metrics.headline, public) == second  # cached: same version, same answer


def test_reads_leave_the_file_free_for_a_writer(tmp_path):
    path = tmp_path / "cvgap.duckdb"
    synth.build(path, 30)
    data.query(metrics.framework_share, path)
    con = store.connect(path)  # a read-write open fails while any reader holds the file
    store.set_meta(con, "snapshot_date", "2026-12-01")
    con.close()
    assert data.query(metrics.provenance, path).snapshot_date == "2026-12-01"


def test_only_analysis_functions_run_through_the_cache():
    with pytest.raises(ValueError):
        data._resolve("os", "remove")


def test_progress_round_trip_locks_answers_and_scores_per_window(tmp_path):
    path = progress.progress_file({"CVGAP_STATE_DIR": str(tmp_path)})
    assert path == tmp_path / "exercise.json" and progress.load_answers(path) == []
    progress.record(path, progress.Answer("arxiv:1", "pytorch", "pytorch", 0, "2026-11-25"))
    progress.record(path, progress.Answer("arxiv:2", "jax", "pytorch", 4, "2026-11-25"))
    progress.record(path, progress.Answer("arxiv:2", "pytorch", "pytorch", 4, "2026-11-26"))
    answers = progress.load_answers(path)
    assert [(a.paper_id, a.guess) for a in answers] == [("arxiv:1", "pytorch"),
                                                        ("arxiv:2", "jax")]  # fmt: skip
    assert progress.score(answers) == (1, 2)  # the second answer to arxiv:2 did not replace it
    assert progress.score(answers, {"arxiv:2", "arxiv:3"}) == (0, 1)


def test_each_named_learner_has_a_file_and_unsafe_names_fall_back(tmp_path):
    env = {"CVGAP_STATE_DIR": str(tmp_path)}
    assert progress.progress_file(env, "kim_2") == tmp_path / "exercise-kim_2.json"
    for unsafe in ("../etc/passwd", "a.b", "", None, "x" * 41):
        assert progress.learner(unsafe) is None
        assert progress.progress_file(env, unsafe) == tmp_path / "exercise.json"


def test_progress_survives_a_corrupt_file_and_defaults_to_xdg_state(tmp_path):
    path = tmp_path / "exercise.json"
    path.write_text("{not json")
    assert progress.load_answers(path) == []
    home = progress.state_dir({"XDG_STATE_HOME": str(tmp_path / "xdg")})
    assert home == tmp_path / "xdg" / "cv-framework-gap"
    assert progress.state_dir({}) == Path.home() / ".local" / "state" / "cv-framework-gap"


def test_installed_backends_follow_find_spec_and_never_install():
    present = {"jax", "torch"}
    found = lab.installed_backends(lambda m: object() if m in present else None)
    assert found == ["jax", "torch"]
    assert lab.INSTALL_HINTS["torch"] == "pip install torch==2.13.0"
    assert lab.INSTALL_HINTS["tensorflow"] == "pip install tensorflow"


def test_numpy_reference_is_a_softmax_of_the_lesson_model():
    w = make_weights(3)
    ref = lab.numpy_reference(w)
    assert ref.shape == (1, 10) and np.allclose(ref.sum(axis=1), 1.0)
    assert lab.numpy_reference(w, "x_batch").shape == (8, 10)


def test_summary_compares_backends_with_each_other_and_numpy():
    w = make_weights(0)
    ref, batch = lab.numpy_reference(w), lab.numpy_reference(w, "x_batch")
    a = lab.BackendRun("jax", True, (1, 10), ref, batch)
    b = lab.BackendRun("torch", True, (1, 10), ref + 2e-6, batch)
    report = lab.summarise([a, b], w, ["tensorflow"])
    assert report.max_abs_diff == pytest.approx(2e-6) and report.agree
    broken = lab.summarise([a, lab.BackendRun("torch", False, error="boom")], w, [])
    assert broken.max_abs_diff is None and not broken.agree


def test_parse_run_reads_the_snippet_json():
    line = ('{"backend": "jax", "keras_version": "3.15.1", "shape": [1, 10], '
            '"output": [[0.1]], "batch_output": [[0.2]], "import_s": 1.0, '
            '"first_call_s": 0.5, "call_s": 0.001}')  # fmt: skip
    run = lab.parse_run("jax", "warning: noise\n" + line + "\n", 2.5)
    assert (run.ok, run.shape, run.keras_version, run.wall_s) == (True, (1, 10), "3.15.1", 2.5)


def test_snippet_refuses_to_run_when_keras_is_already_imported(tmp_path, monkeypatch):
    from dashboard import keras_snippet

    np.savez(tmp_path / "w.npz", **make_weights())
    monkeypatch.setitem(sys.modules, "keras", object())
    assert keras_snippet.main(["--backend", "jax", "--weights", str(tmp_path / "w.npz")]) == 2


def test_export_page_files_are_valid_and_carry_the_apps_numbers(tmp_path):
    import io

    import pandas as pd

    from dashboard import exporting
    from dashboard.views import chart_specs

    path = tmp_path / "cvgap.duckdb"
    synth.build(path, 40)
    bundle = data.query_all(
        {"provenance": (metrics.provenance, {}), "gap": (metrics.gap, {}),
         "share": (metrics.framework_share, {}), "month": (metrics.framework_share_by_month, {}),
         "venue": (metrics.framework_share_by_venue_year, {}),
         "ladder": (metrics.ladder_distribution, {}),
         "days": (metrics.days_to_first_port_histogram, {}),
         "paths": (metrics.port_paths, {}), "lag": (metrics.port_lag_view, {})},
        path,
    )  # fmt: skip
    specs = {name: (chart, frame) for name, chart, frame, _ in chart_specs(bundle, "ko")}
    chart, frame = specs["framework_share"]
    assert exporting.image_callback(chart, "png")()[:8] == b"\x89PNG\r\n\x1a\n"
    assert exporting.render(chart, "pdf")[:5] == b"%PDF-"
    assert "공식 코드의 프레임워크" in exporting.render(chart, "svg").decode()
    pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(exporting.to_parquet(frame))), frame)
    csv = pd.read_csv(io.BytesIO(exporting.to_csv(frame)))
    assert csv["papers"].tolist() == bundle["share"]["papers"].tolist()
    assert specs["gap"][1]["numerator"].iloc[0] == bundle["gap"].numerator


@pytest.mark.parametrize(
    "confusion",
    [
        {"pytorch": {"pytorch": 9, "jax": 1}, "jax": {"jax": 3}},
        {"labels": ["jax", "pytorch"], "matrix": [[3, 0], [1, 9]]},
        [{"truth": "pytorch", "predicted": "pytorch", "n": 9},
         {"truth": "pytorch", "predicted": "jax", "n": 1},
         {"truth": "jax", "predicted": "jax", "n": 3}],
    ],
)  # fmt: skip
def test_classifier_eval_shapes_give_the_same_matrix(confusion):
    import json

    from dashboard.views import parse_eval

    long = "classifier on the scraper's view of each labelled corpus repo vs labels.csv"
    text = json.dumps({"agreement": 0.9, "method": long, "confusion": confusion})
    scalars, notes, frame = parse_eval(text)
    assert scalars == {"agreement": "90.0%"} and notes == {"method": long}
    assert int(frame.loc["PyTorch", "PyTorch"]) == 9 and int(frame.loc["PyTorch", "JAX"]) == 1
    assert int(frame.loc["JAX", "JAX"]) == 3 and int(frame.loc["JAX", "PyTorch"]) == 0
    assert parse_eval("not json") is None and parse_eval(None) is None


def test_eval_notes_translate_only_the_note_make_snapshot_writes():
    from dashboard.i18n import STRINGS
    from dashboard.views import eval_notes

    ours = STRINGS["en"]["eval_note_method"]
    assert eval_notes({"method": ours}) == [f"Evaluation method: {ours}"]
    assert eval_notes({"method": ours + " (changed)", "seed": "a note nobody translated"}) == [
        f"method: {ours} (changed)", "seed: a note nobody translated"
    ]  # fmt: skip


def test_port_links_only_for_plain_github_and_hub_pages():
    from dashboard.views import port_url

    ok = ("https://github.com/k/ported-keras", "https://huggingface.co/keras/sam_base_sa1b",
          "https://github.com/keras-team/keras-hub/tree/HEAD/keras_hub/src/models/sam")  # fmt: skip
    assert [port_url(u) for u in ok] == list(ok)
    for bad in ("javascript:alert(1)", "http://github.com/k/p", "https://github.com.evil.io/k/p",
                "https://github.com/k/p?x=<b>", "https://user@github.com:8443/k/p",
                "https://github.com/k/p)](javascript:x", "https://example.org/k/p"):  # fmt: skip
        assert port_url(bad) is None, bad


def test_every_evidence_kind_and_port_source_reads_as_words_in_both_languages():
    from analysis.models import EVIDENCE_KINDS
    from analysis.ports.gardens import GARDENS
    from dashboard.i18n import STRINGS, value_key

    sources = ("github-search", "issues", "hf-model", "official-repo", *(g.name for g in GARDENS))
    for value in (*EVIDENCE_KINDS, *sources):
        assert value_key(value) in STRINGS["en"] and value_key(value) in STRINGS["ko"], value


def test_search_links_use_the_arxiv_id_else_the_short_name():
    from analysis.models import Paper
    from dashboard.views import search_links

    with_id = dict(search_links(Paper("arxiv:2401.10891", "Depth Anything: Unleashing", "hf",
                                      "2401.10891")))  # fmt: skip
    assert with_id["search_hf"] == "https://huggingface.co/models?other=arxiv:2401.10891"
    assert "%222401.10891%22" in with_id["search_github"]
    named = dict(search_links(Paper("x:1", "TARA_CVPR2026", "ghsearch")))
    assert named["search_hf_name"] == "https://huggingface.co/models?search=TARA_CVPR2026"
    assert "repo%3Akeras-team%2Fkeras-hub+%22TARA_CVPR2026%22" in named["search_keras_hub"]
    hostile = dict(search_links(Paper("x:2", "a <b> [x](javascript:1) & more words here", "hf")))
    assert all(u.startswith("https://") and "<" not in u and " " not in u for u in hostile.values())
