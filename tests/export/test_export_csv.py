"""The data zip: a CSV per chart with its sources, checks, sources, and a README."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import MINIMAL, derive_package, load_briefing

from briefing_app.content.chartdata import chart_data
from briefing_app.export.atomic import ExportError
from briefing_app.export.csv_export import (
    chart_file_name,
    charts_with_tabs,
    write_chart_csv,
    write_zip,
)
from briefing_app.model.fmt import fmt_date


def _read(zf: zipfile.ZipFile, name: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(zf.read(name)), encoding="utf-8-sig", keep_default_na=False)


def test_zip_has_a_csv_per_chart_checks_sources_and_readme(reference_briefing, tmp_path):
    b = reference_briefing
    out = tmp_path / "data.zip"
    names = write_zip(b, out)
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        members = zf.namelist()
        assert members == names
        charts = charts_with_tabs(b)  # the plan's charts: the package's and the timeline's
        assert len(charts) == sum(len(t.charts) for t in b.tabs) + sum(
            t.kind == "timeline" for t in b.tabs
        )
        expected = {chart_file_name(t, c) for t, c in charts}
        assert set(members) == expected | {
            "README.txt",
            "checks.csv",
            "sources.csv",
            "source_uses.csv",
        }
        for t, c in charts:
            frame = _read(zf, chart_file_name(t, c))
            assert len(frame) == len(c.table), c.id
            assert "citation" in frame.columns
            who = "sources" if c.kind == "timeline" else "attribution"  # events: their sources
            assert list(frame[who].fillna("")) == [str(a) for a in c.table[who]]
            cited = frame["citation"].fillna("").astype(str).str.len() > 0
            if c.kind == "timeline":  # an event may have no source row (its text says where)
                assert list(cited) == [bool(b.events[e.id].sources) for e in c.events]
            else:
                assert all(cited), c.id
        checks = _read(zf, "checks.csv")
        assert list(checks["id"]) == list(b.checks)
        assert list(checks["verdict"]) == [c.verdict() for c in b.checks.values()]
        sources = _read(zf, "sources.csv")
        assert list(sources["id"]) == list(b.sources)
        assert list(sources["citation"]) == [s.citation() for s in b.sources.values()]
    assert not list(tmp_path.glob("*.part"))


def test_readme_names_sources_licence_checksum_and_checks(reference_briefing, tmp_path):
    b = reference_briefing
    out = tmp_path / "data.zip"
    write_zip(b, out)
    with zipfile.ZipFile(out) as zf:
        readme = zf.read("README.txt").decode("utf-8")
    for text in (b.title, b.checksum, fmt_date(b.as_of), b.version, "HOW TO CITE"):
        assert text in readme
    if b.licence:
        assert b.licence in readme
    for s in b.sources.values():
        assert s.citation() in readme
    for c in b.checks.values():
        assert c.verdict() in readme
    for t, c in charts_with_tabs(b):
        assert chart_file_name(t, c) in readme


def test_values_are_numbers_and_dates_are_iso(tmp_path):
    b = load_briefing(MINIMAL)
    chart = b.tabs[0].charts[0]
    out = write_chart_csv(chart_data(b, chart), b, tmp_path / "c.csv")
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert sorted(frame["value"]) == sorted(chart_data(b, chart).table["value"].astype(float))
    assert all(len(str(d)) == 10 and str(d)[4] == "-" for d in frame["period_start"])
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark


def test_formula_like_text_is_defused_for_spreadsheets(tmp_path):
    pkg = derive_package(
        tmp_path / "pkg",
        {
            "observations.csv": lambda t: t.replace(
                "GS monthly,gs,,,derived,,", 'GS monthly,gs,,,derived,,"=HYPERLINK(""x"")"'
            )
        },
    )
    b = load_briefing(pkg)
    chart = b.tabs[0].charts[0]
    text = write_chart_csv(chart_data(b, chart), b, tmp_path / "c.csv").read_text(
        encoding="utf-8-sig"
    )
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and '"=HYPERLINK' not in text


#: what a spreadsheet runs, as package text: "-" before a digit was let through once
PAYLOADS = ("-2+3+cmd|' /C calc'!A0", "=1+1", "+1+1", "@SUM(A1)", "\tx", "-x", "\uff1d1+1")


def _cells(data: bytes) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_every_text_cell_a_spreadsheet_would_run_is_defused_in_every_csv(tmp_path):
    """The class: whatever text column a payload lands in (an observation's note, a
    source's title and note, a check's title and note, an event's title, which the
    timeline's table shows), no cell of any CSV of the zip starts a formula; a number
    is the only cell that may start with "-"."""
    payload = PAYLOADS[0]
    pkg = derive_package(
        tmp_path / "pkg",
        {
            "observations.csv": lambda t: t.replace(
                "GS monthly,gs,,,derived,,", f'GS monthly,gs,,,derived,,"{payload}"'
            ),
            "sources.csv": lambda t: t.replace(
                '"Example article",2024-12-01,https://example.org/a,',
                f'"{payload}",2024-12-01,https://example.org/a,"=HYPERLINK(""x"")"',
            ),
            "checks.csv": lambda t: t.replace("Two-month total", payload.replace("'", "")).replace(
                "people,\n", "people,@SUM(A1)\n"
            ),
            "events.csv": lambda t: t.replace("Something happened", "+1+1"),
        },
    )
    b = load_briefing(pkg)
    out = tmp_path / "data.zip"
    write_zip(b, out)
    seen = 0
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if not name.endswith(".csv"):
                continue
            for row in _cells(zf.read(name))[1:]:
                for cell in row:
                    if cell and cell[0] in "=+-@\t\r\uff1d\uff0b\uff0d\uff20":
                        assert re.fullmatch(r"-\d+(\.\d+)?", cell), (name, cell)
                    seen += cell.startswith("'")
        text = b"".join(zf.read(n) for n in zf.namelist()).decode("utf-8", "replace")
    assert seen >= 6  # the payloads are all there, defused
    assert "'" + payload in text and "'=HYPERLINK" in text and "'+1+1" in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_text_column_defuses_and_a_number_column_stays_a_number(payload):
    from briefing_app.export.csv_export import _to_csv

    frame = pd.DataFrame({"text": [payload, "-5", "plain"], "value": [-2.5, -3.0, 4.0]})
    rows = _cells(_to_csv(frame))
    assert rows[1][0] == "'" + payload
    assert rows[2][0] == "'-5"  # in a text column, even what looks like a number
    assert rows[3][0] == "plain"
    assert [r[1] for r in rows[1:]] == ["-2.5", "-3", "4"]


def test_refuses_to_overwrite_without_force_and_leaves_nothing(tmp_path):
    b = load_briefing(MINIMAL)
    out = tmp_path / "data.zip"
    out.write_bytes(b"keep me")
    with pytest.raises(ExportError, match="already exists"):
        write_zip(b, out)
    assert out.read_bytes() == b"keep me"
    write_zip(b, out, force=True)
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir()] == ["data.zip"]


def test_unwritable_target_is_a_clear_error(tmp_path):
    b = load_briefing(MINIMAL)
    a_file = tmp_path / "plain-file"
    a_file.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        write_zip(b, a_file / "data.zip")
    with pytest.raises(ExportError, match="does not exist"):
        write_zip(b, tmp_path / "missing" / "data.zip")
    if os.geteuid() != 0:  # root writes through permissions
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            with pytest.raises(ExportError, match="cannot write"):
                write_zip(b, locked / "data.zip")
            assert list(locked.iterdir()) == []
        finally:
            locked.chmod(0o700)


def test_written_file_gets_normal_permissions(tmp_path):
    b = load_briefing(MINIMAL)
    out = tmp_path / "data.zip"
    write_zip(b, out)
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
    Path(out).chmod(0o640)
    write_zip(b, out, force=True)
    assert out.stat().st_mode & 0o777 == 0o640  # replacing keeps the file's mode


def test_numbers_are_written_whole_and_read_back_exactly():
    import io

    from briefing_app.export.csv_export import _to_csv

    values = [152345678901.5, 0.00005, -27891.37, 45680.0, 1 / 3, float("nan")]
    text = _to_csv(pd.DataFrame({"value": values})).decode("utf-8-sig")
    assert not re.search(r"\de[-+]?\d", text, re.I), text  # no exponent: every digit
    back = pd.read_csv(io.StringIO(text))["value"].tolist()
    assert back[:5] == values[:5] and back[5] != back[5]
    assert text.splitlines()[1:4] == ["152345678901.5", "0.00005", "-27891.37"]
