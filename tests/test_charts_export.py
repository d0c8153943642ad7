"""The export CLI: valid PNG/SVG/PDF read back, CSVs equal to the metrics, Hangul with a CJK font."""

from __future__ import annotations

import argparse
import struct
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from analysis import charts, metrics, store
from analysis.charts import export, fonts
from tests import metrics_db

NAMES = [
    "framework_share", "share_by_month", "share_by_venue_year", "gap", "port_paths", "ladder",
    "days_to_first_port", "lag_by_source", "lag_by_year",
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return metrics_db.build(tmp_path_factory.mktemp("export") / "e.duckdb")


@pytest.fixture(scope="module")
def exported(db, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    args = ["--out", str(out), "--db", str(db), "--format", "png,svg,pdf", "--months", "all"]
    assert export.main(args) == 0
    return out


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_every_chart_is_written_in_every_format_with_a_csv(exported):
    expected = {f"{n}.{ext}" for n in NAMES for ext in ("png", "svg", "pdf", "csv")}
    assert {p.name for p in exported.iterdir()} == expected


def test_png_files_are_valid_and_scaled(exported):
    for name in NAMES:
        width, height = png_size((exported / f"{name}.png").read_bytes())
        assert width >= charts.WIDTH * export.PNG_SCALE, name
        assert height > 100, name


def test_svg_files_parse_and_hold_the_title(exported):
    root = ET.parse(exported / "framework_share.svg").getroot()
    assert root.tag.endswith("svg")
    texts = " ".join(" ".join(t.itertext()) for t in root.iter() if t.tag.endswith("text"))
    assert "Framework of official code" in texts
    assert "2026-01-15" in texts


def test_pdf_files_start_with_the_signature_and_have_a_page(exported):
    for name in NAMES:
        data = (exported / f"{name}.pdf").read_bytes()
        assert data.startswith(b"%PDF-"), name
        assert b"/Type /Page" in data or b"/Type/Page" in data, name


def test_csv_numbers_equal_the_metrics_functions(exported, db):
    con = store.connect(db, read_only=True)
    share = pd.read_csv(exported / "framework_share.csv")
    pd.testing.assert_frame_equal(share, metrics.framework_share(con), check_dtype=False)
    month = pd.read_csv(exported / "share_by_month.csv")
    pd.testing.assert_frame_equal(month, metrics.framework_share_by_month(con), check_dtype=False)
    ladder = pd.read_csv(exported / "ladder.csv")
    pd.testing.assert_frame_equal(ladder, metrics.ladder_distribution(con), check_dtype=False)
    gap = pd.read_csv(exported / "gap.csv")
    g = metrics.gap(con)
    assert gap["numerator"].iloc[0] == g.numerator and gap["denominator"].iloc[0] == g.denominator
    assert gap.set_index("part")["papers"].to_dict() == {"gap": 1, "closed_by_port": 1,
                                                         "tf_keras": 1}  # fmt: skip
    con.close()


def test_korean_export_embeds_a_cjk_font_and_hangul(db, tmp_path):
    if fonts.find_cjk_font() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    fonts.register_cjk_font()
    con = store.connect(db, read_only=True)
    specs = [s for s in charts.all_charts(con, "ko") if s.name == "framework_share"]
    con.close()
    export.write_charts(specs, tmp_path, ["png", "svg", "pdf"])
    pdf = (tmp_path / "framework_share.pdf").read_bytes()
    assert b"CJK" in pdf  # the Noto CJK font is embedded, so Hangul glyphs are real
    svg = (tmp_path / "framework_share.svg").read_text(encoding="utf-8")
    assert "공식 코드의 프레임워크" in svg
    png_size((tmp_path / "framework_share.png").read_bytes())


def test_missing_cjk_font_says_how_to_install_one(tmp_path):
    assert fonts.find_cjk_font(env={}, fc_output="", known=()) is None
    with pytest.raises(fonts.FontMissingError, match="apt-get install fonts-noto-cjk"):
        fonts.register_cjk_font(env={}, fc_output="", known=())


def test_font_lookup_uses_fc_list_then_the_override(tmp_path):
    font = tmp_path / "fc" / "NotoSansCJK-Regular.ttc"
    font.parent.mkdir()
    font.write_bytes(b"not really a font")
    listing = f"{tmp_path}/gone/Serif.ttc: \n{font}: \n"
    assert fonts.find_cjk_font(env={}, fc_output=listing, known=()) == font.parent
    override = tmp_path / "mine"
    override.mkdir()
    (override / "Nanum.ttf").write_bytes(b"x")
    env = {fonts.FONT_DIR_ENV: str(override)}
    assert fonts.find_cjk_font(env=env, fc_output=listing, known=()) == override


def test_bad_format_and_missing_database_exit_1_with_a_message(tmp_path, db, capsys):
    assert export.main(["--out", str(tmp_path), "--db", str(db), "--format", "gif"]) == 1
    assert "unknown format" in capsys.readouterr().err
    assert export.main(["--out", str(tmp_path), "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "no database" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_register_adds_the_export_subcommand(tmp_path):
    parser = argparse.ArgumentParser()
    export.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["export", "--out", str(tmp_path), "--lang", "ko", "--format", "svg"])
    assert (args.command, args.lang, args.format, args.func) == ("export", "ko", "svg", export.run)


def test_parse_formats():
    assert export.parse_formats("PNG, svg,png") == ("png", "svg")
    with pytest.raises(export.ExportError):
        export.parse_formats("")


def test_gap_csv_has_a_column_for_every_excluded_group_adding_up(exported):
    gap = pd.read_csv(exported / "gap.csv").iloc[0]
    groups = ["excluded_no_official_code", "excluded_no_code_yet", "excluded_unknown",
              "excluded_no_dl_framework"]  # fmt: skip
    assert [int(gap[c]) for c in groups] == [1, 1, 1, 0]
    assert gap["denominator"] + sum(gap[c] for c in groups) == gap["in_scope"] == 6


def test_default_export_is_the_last_six_months_and_names_the_charts_it_skipped(db, tmp_path,
                                                                               capsys):  # fmt: skip
    # As of 2026-01-15 the six months hold one CV paper (eps, unlabelled -> unknown): no venue,
    # no known framework, no port, so most charts have nothing to show and are not written; the
    # lag curves cover every dated port of every year.
    assert export.main(["--out", str(tmp_path), "--db", str(db), "--format", "svg"]) == 0
    err = capsys.readouterr().err
    written = {p.stem for p in tmp_path.iterdir()}
    assert written == {"framework_share", "share_by_month", "ladder", "lag_by_source",
                       "lag_by_year"}  # fmt: skip
    for name in set(NAMES) - written:
        assert f"skipped {name}: No data for papers 2025-07-16 to 2026-01-15 (last 6 months)" in err
    assert "4 skipped (no data)" in err
    svg = (tmp_path / "framework_share.svg").read_text()
    assert "2025-07-16 to 2026-01-15 (last 6 months)" in svg and "as of 2026-01-15" in svg


def test_months_option_takes_6_12_or_all_only(tmp_path):
    parser = argparse.ArgumentParser()
    export.register(parser.add_subparsers(dest="command"))
    assert parser.parse_args(["export", "--out", str(tmp_path)]).months == "6"
    assert parser.parse_args(["export", "--out", "x", "--months", "all"]).months == "all"
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["export", "--out", "x", "--months", "7"])
    assert exit_info.value.code == 2
