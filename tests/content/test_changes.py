"""Editions and what changed: ``briefing-app diff`` and the comparison it prints, tab by tab."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, load_briefing, run_python

from briefing_app.content.changes import tab_changes
from briefing_app.model.diff import diff_briefings

BUNDLED = ROOT / "data" / "ukraine-2024-12"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _next_edition(tmp_path: Path) -> tuple[Path, list[str], str, str]:
    """The bundled briefing with three figures changed (none a check uses), one quote
    removed and one check's verdict flipped (its tolerance widened)."""
    new = tmp_path / "new"
    shutil.copytree(BUNDLED, new)
    checks = _rows(new / "checks.csv")
    used = set()
    for r in checks[1:]:
        used |= set(re.findall(r"\{([^}]+)\}", r[3])) | {r[2]}
    obs = _rows(new / "observations.csv")
    changed = [r[0] for r in obs[1:] if r[0] not in used][:3]
    for r in obs[1:]:
        if r[0] in changed:
            r[4] = str(int(float(r[4])) + 10)
    _write_rows(new / "observations.csv", obs)
    flipped = next(r for r in checks[1:] if r[0] == "cas-nov-vs-gs")  # does not hold: 40
    flipped[5] = "50"
    _write_rows(new / "checks.csv", checks)
    quotes = _rows(new / "quotes.csv")
    removed = quotes[-1][0]
    _write_rows(new / "quotes.csv", quotes[:-1])
    desc = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))
    for t in desc["briefing"]["tabs"]:
        if removed in t.get("quotes", []):
            t["quotes"].remove(removed)
    (new / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")
    return new, changed, removed, "cas-nov-vs-gs"


def test_a_new_edition_lists_exactly_what_changed(tmp_path):
    new, changed, removed, check = _next_edition(tmp_path)
    d = diff_briefings(load_briefing(None), load_briefing(new))
    assert [f.id for f in d.figures] == changed
    assert all(f.old != f.new and f.old_source == f.new_source for f in d.figures)
    assert [(i.kind, i.id) for i in d.removed] == [("quote", removed)]
    assert d.added == [] and d.sources == []
    assert [(v.id, v.old_judgement, v.new_judgement) for v in d.verdicts] == [
        (check, "does not hold", "holds")
    ]


def test_each_change_is_on_the_tabs_that_show_it(tmp_path):
    new, changed, removed, check = _next_edition(tmp_path)
    c = tab_changes(load_briefing(None), load_briefing(new))
    by_tab = {t.id: t for t in c.tabs}
    casualties = by_tab["casualties"]
    assert [f.id for f in casualties.figures] == changed
    assert [v.id for v in casualties.verdicts] == [check]
    quote_tabs = [t.id for t in c.tabs if any(i.id == removed for i in t.removed)]
    assert quote_tabs and all(t in by_tab for t in quote_tabs)
    assert "Not on any tab" not in by_tab
    assert [t.id for t in c.tabs if not t.empty] == sorted(
        {"casualties", *quote_tabs}, key=[t.id for t in c.tabs].index
    )


def test_the_same_briefing_has_no_changes():
    b = load_briefing(None)
    assert diff_briefings(b, b).empty
    assert tab_changes(b, b).lines()[-1] == "No changes."


def test_a_source_added_and_one_revised(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(BUNDLED, new)
    rows = _rows(new / "sources.csv")
    rows[1][5] = "https://example.org/moved"
    extra = ["extra", "Extra", "", "A new source", "2024-12-01", "", ""]
    rows.append(extra + [""] * (len(rows[0]) - len(extra)))  # no translations: warnings
    _write_rows(new / "sources.csv", rows)
    d = diff_briefings(load_briefing(None), load_briefing(new))
    assert [(s.id, s.added, s.fields) for s in d.sources] == [
        (rows[1][0], False, ("url",)),
        ("extra", True, ()),
    ]
    c = tab_changes(load_briefing(None), load_briefing(new))
    assert [s.id for s in next(t for t in c.tabs if t.id == "sources").sources] == [
        rows[1][0],
        "extra",
    ]


def test_the_command_compares_folders_and_zips_as_text_and_json(tmp_path):
    new, changed, _removed, check = _next_edition(tmp_path)
    old_zip = tmp_path / "old.zip"
    with zipfile.ZipFile(old_zip, "w") as z:
        for f in sorted(BUNDLED.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(BUNDLED).as_posix())
    r = run_python("-m", "briefing_app", "diff", str(old_zip), str(new))
    assert r.returncode == 0, r.stderr
    assert "3 figures changed, 1 removed, 1 check's verdict changed" in r.stdout
    assert "Tab Casualties" in r.stdout and f"{check} (" in r.stdout
    for oid in changed:
        assert re.search(rf"^    {re.escape(oid)} \(.*→.*; source: ", r.stdout, re.M), oid
    r = run_python("-m", "briefing_app", "diff", str(old_zip), str(new), "--json")
    out = json.loads(r.stdout)
    assert out["counts"] == {
        "figures_changed": 3,
        "added": 0,
        "removed": 1,
        "verdicts_changed": 1,
        "sources_added_or_revised": 0,
    }
    assert [f["id"] for f in out["figures_changed"]] == changed
    assert out["verdicts_changed"][0]["flipped"] is True


@pytest.mark.parametrize("which", ["old", "new"])
def test_an_invalid_edition_exits_1_and_says_which(tmp_path, which):
    bad = tmp_path / "bad"
    shutil.copytree(BUNDLED, bad)
    (bad / "sources.csv").unlink()
    args = [str(bad), str(BUNDLED)] if which == "old" else [str(BUNDLED), str(bad)]
    r = run_python("-m", "briefing_app", "diff", *args)
    assert r.returncode == 1
    assert f"{which.upper()} {bad} is not a valid briefing package" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_figure_only_a_check_uses_is_on_the_check_s_tab(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(BUNDLED, new)
    obs = _rows(new / "observations.csv")
    row = next(r for r in obs if r[0] == "isw-gain-2024-11")  # drawn by no chart
    row[4] = str(float(row[4]) + 1)
    _write_rows(new / "observations.csv", obs)
    c = tab_changes(load_briefing(None), load_briefing(new))
    assert [(t.id, [f.id for f in t.figures]) for t in c.tabs if t.figures] == [
        ("territory", ["isw-gain-2024-11"])
    ]
