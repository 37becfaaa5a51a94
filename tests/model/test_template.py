"""The starting package of ``briefing-app new``: valid, every kind in it, placeholders
warned of until replaced."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from briefing_app.content.plan import plan_of
from briefing_app.model import kinds
from briefing_app.model.loader import load_package
from briefing_app.model.placeholders import MARKER
from briefing_app.model.problems import Severity
from briefing_app.model.template import template_files


def _write(folder: Path, title: str = "Week 49", as_of: dt.date | None = None) -> Path:
    folder.mkdir()
    for name, data in template_files(title, as_of).items():
        (folder / name).write_bytes(data)
    return folder


def test_it_validates_with_a_warning_for_each_placeholder_only(tmp_path):
    result = load_package(_write(tmp_path / "new"))
    assert result.ok, [str(p) for p in result.errors]
    assert result.warnings, "the placeholders are warned of"
    assert {p.message for p in result.warnings} == {
        "source address is a placeholder; replace it with the real one",
        "source publisher is a placeholder; replace it with the real one",
        "source title is a placeholder; replace it with the real one",
    }
    assert {(p.file, p.field) for p in result.warnings} <= {
        ("sources.csv", f) for f in ("url", "publisher", "title")
    }
    assert result.briefing.title == "Week 49"


def test_replacing_the_placeholders_leaves_no_warning(tmp_path):
    pkg = _write(tmp_path / "new")
    text = (pkg / "sources.csv").read_text(encoding="utf-8")
    (pkg / "sources.csv").write_text(text.replace(MARKER, "real"), encoding="utf-8")
    result = load_package(pkg)
    assert result.ok and result.warnings == []


def test_it_has_a_tab_of_each_kind_a_chart_of_each_kind_and_every_item(tmp_path):
    b = load_package(_write(tmp_path / "new")).briefing
    assert {t.kind for t in b.tabs} == set(kinds.TAB_KINDS)
    plan = plan_of(b)
    charts = {blk.chart.kind for t in plan.tabs for blk in t.charts}
    assert charts == set(kinds.CHART_KINDS)  # the timeline tab draws the timeline
    shown = {kind for t in plan.tabs for kind, _ in t.items()}
    assert {k.singular for k in kinds.ITEM_KINDS} <= shown
    assert b.series_tables, "a series table for the line chart"
    assert all(len(getattr(b, k.key)) >= 1 for k in kinds.ITEM_KINDS)
    assert b.checks["three-months"].judgement == "holds"


def test_it_is_dated_from_its_as_of_date_and_documented(tmp_path):
    pkg = _write(tmp_path / "new", as_of=dt.date(2025, 3, 14))
    b = load_package(pkg).briefing
    assert b.as_of == dt.date(2025, 3, 14)
    periods = sorted(b.observations["period_start"].dt.date)
    assert periods[0] == dt.date(2024, 12, 1) and periods[-1] == dt.date(2025, 2, 1)
    assert not any(b.observation_is_later(i) for i in b.observations["id"])
    readme = (pkg / "README.md").read_text(encoding="utf-8")
    assert "briefing-app validate" in readme and MARKER in readme
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["name"] == "week-49"


def test_a_problem_is_still_an_error_beside_the_placeholders(tmp_path):
    pkg = _write(tmp_path / "new")
    obs = (pkg / "observations.csv").read_text(encoding="utf-8")
    (pkg / "observations.csv").write_text(obs.replace(",120,", ",12O,"), encoding="utf-8")
    result = load_package(pkg)
    assert [str(p) for p in result.errors] == ["observations.csv:2:value: '12O' is not a number"]
    assert all(p.severity == Severity.WARNING for p in result.warnings)
