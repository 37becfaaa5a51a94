"""Spreadsheets in and out: ``export xlsx`` then ``import`` gives the package back; a
hostile or broken workbook is refused cleanly, every problem at its cell."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import FULL, MINIMAL, ROOT, derive_package, run_python

from briefing_app.model import workbook
from briefing_app.model.loader import load_package
from briefing_app.model.rawpackage import read_raw_package
from briefing_app.model.writer import WriteError
from briefing_app.model.xlsx_import import WorkbookLimits, import_workbook

BUNDLED = ROOT / "data" / "ukraine-2024-12"


def _export(package: Path, out: Path) -> Path:
    from argparse import Namespace

    from briefing_app.export.xlsx import export

    export(Namespace(out=str(out), force=False), load_package(package).briefing)
    return out


def _validate_json(package: Path) -> dict:
    r = run_python("-m", "briefing_app", "validate", "--json", str(package))
    out = json.loads(r.stdout)
    out.pop("package")  # where it is: the one thing that must differ
    return out


def test_the_bundled_briefing_comes_back_from_a_workbook_as_it_was(tmp_path):
    book = tmp_path / "bundled.xlsx"
    r = run_python("-m", "briefing_app", "export", "xlsx", str(book), "--package", str(BUNDLED))
    assert r.returncode == 0, r.stderr
    r = run_python("-m", "briefing_app", "import", str(book), str(tmp_path / "back"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert _validate_json(tmp_path / "back") == _validate_json(BUNDLED)
    # byte for byte, so the checksum on screen is the same: the tables, and the files the
    # descriptor names (map layers, licence texts) from the workbook's files sheet
    named = {t.path for t in read_raw_package(BUNDLED).tables}
    named |= {f.path for f in read_raw_package(BUNDLED).files}
    assert any(p.endswith(".geojson") for p in named) and "maps/occupied/LICENSE" in named
    back = {
        p.relative_to(tmp_path / "back").as_posix()
        for p in (tmp_path / "back").rglob("*")
        if p.is_file()
    }
    assert back == named | {"datapackage.json"}
    for name in back:
        assert (tmp_path / "back" / name).read_bytes() == (BUNDLED / name).read_bytes(), name


@pytest.mark.parametrize("base", [FULL, MINIMAL], ids=["full", "minimal"])
def test_every_cell_comes_back_as_written(tmp_path, base):
    back = tmp_path / "back"
    result = import_workbook(_export(base, tmp_path / "b.xlsx"), back)
    assert result.ok, [str(p) for p in result.problems]
    before, after = read_raw_package(base), read_raw_package(back)
    assert after.descriptor == before.descriptor
    assert [(t.name, t.header, t.rows) for t in after.tables] == [
        (t.name, t.header, t.rows) for t in before.tables
    ]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    texts = ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")']

    def quotes(text: str) -> str:
        rows = [
            f'q{k},A. Person,,"{t.replace(chr(34), 2 * chr(34))}",,art,,as-quoted,'
            for k, t in enumerate(texts)
        ]
        return "id,speaker,role,text,date,source,via,status,note\n" + "\n".join(rows) + "\n"

    pkg = derive_package(
        tmp_path / "pkg", {"quotes.csv": quotes(""), "datapackage.json": _tab_quotes(len(texts))}
    )
    book = _export(pkg, tmp_path / "b.xlsx")
    ws = openpyxl.load_workbook(book)["quotes"]
    assert [ws.cell(k + 2, 4).data_type for k in range(len(texts))] == ["s"] * len(texts)
    result = import_workbook(book, tmp_path / "back")
    assert result.ok, [str(p) for p in result.problems]
    b = load_package(tmp_path / "back").briefing
    assert [b.quotes[f"q{k}"].text for k in range(len(texts))] == texts


def _tab_quotes(n: int):
    def change(text: str) -> str:
        doc = json.loads(text)
        doc["briefing"]["tabs"][0]["quotes"] = [f"q{k}" for k in range(n)]
        return json.dumps(doc, indent=2)

    return change


def _book(tmp_path: Path, edit) -> Path:
    """The minimal package's workbook, changed by *edit(workbook)*."""
    book = _export(MINIMAL, tmp_path / "base.xlsx")
    wb = openpyxl.load_workbook(book)
    edit(wb)
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    return out


def _messages(result) -> list[str]:
    return [str(p) for p in result.errors]


def test_a_formula_is_refused_at_its_cell_and_nothing_is_written(tmp_path):
    def edit(wb):
        wb["observations"]["E2"] = "=SUM(E3:E4)"

    result = import_workbook(_book(tmp_path, edit), tmp_path / "out")
    assert _messages(result) == [
        "edited.xlsx:observations!E2: a formula; formulas are not read: put the value "
        "itself in the cell (copy, then paste values only)"
    ]
    assert not (tmp_path / "out").exists()


def test_the_package_s_problems_are_named_by_sheet_and_cell(tmp_path):
    as_of_row = []

    def edit(wb):
        wb["observations"]["E3"] = "12O"  # a letter O: not a number
        for row in wb["briefing"].iter_rows(min_row=2):
            if row[0].value == "briefing.as_of":
                row[1].value = "10 December"
                as_of_row.append(row[0].row)
        wb["sources"]["A3"] = None

    result = import_workbook(_book(tmp_path, edit), tmp_path / "out")
    messages = _messages(result)
    assert messages[:3] == [
        f"edited.xlsx:briefing!B{as_of_row[0]}: '10 December' is not a date (YYYY-MM-DD)",
        "edited.xlsx:sources!A3: a value is required",
        "edited.xlsx:observations!E3: '12O' is not a number",
    ]
    assert not (tmp_path / "out").exists()


def test_figures_typed_in_a_spreadsheet_keep_the_decimals_they_show(tmp_path):
    def edit(wb):
        ws = wb["observations"]
        ws["E2"] = 100
        ws["E2"].number_format = "0.0"  # shown as 100.0
        ws["C2"] = dt.datetime(2024, 9, 1)  # a date typed as a date
        ws["C2"].number_format = "d mmm yyyy"

    result = import_workbook(_book(tmp_path, edit), tmp_path / "out")
    assert result.ok, _messages(result)
    raw = read_raw_package(tmp_path / "out")
    obs = next(t for t in raw.tables if t.name == "observations")
    assert obs.rows[0][2] == "2024-09-01" and obs.rows[0][4] == "100.0"


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (16, "0.0", "16.0"),
        (0.641, "0.0%", "64.1"),
        (1630.3, "General", "1630.3"),
        (45680.0, "#,##0", "45680"),
        (dt.datetime(2024, 12, 1), "mmm yyyy", "2024-12"),
        (dt.datetime(2025, 1, 1), "yyyy", "2025"),
        (True, "General", "true"),
    ],
)
def test_cell_text(value, fmt, text):
    assert workbook.cell_text(value, fmt) == text


def test_a_time_of_day_is_refused():
    with pytest.raises(workbook.CellError):
        workbook.cell_text(dt.time(10, 30))


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_an_entity_declaration_is_refused_before_parsing(tmp_path):
    book = _export(MINIMAL, tmp_path / "b.xlsx")
    with zipfile.ZipFile(book) as z:
        members = {n: z.read(n) for n in z.namelist()}
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    )
    members["xl/sharedStrings.xml"] = bomb + b"<sst><si><t>&lol2;</t></si></sst>"
    result = import_workbook(_zip(tmp_path / "bomb.xlsx", members), tmp_path / "out")
    assert _messages(result) == [
        "bomb.xlsx: part 'xl/sharedStrings.xml' declares a document type or entities, "
        "which no workbook needs; not read"
    ]


def test_a_workbook_inflating_past_the_limit_is_refused(tmp_path):
    book = _zip(tmp_path / "big.xlsx", {"xl/workbook.xml": b"<w/>", "xl/a.xml": b" " * 10_000})
    result = import_workbook(book, tmp_path / "out", limits=WorkbookLimits(inflated=5_000))
    assert "inflates to" in _messages(result)[0]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"id,publisher\n", "not an .xlsx workbook"),
        (None, "not an Excel workbook"),  # a zip without xl/workbook.xml (an .ods, say)
    ],
)
def test_other_files_are_refused(tmp_path, content, words):
    book = tmp_path / "b.xlsx"
    if content is None:
        _zip(book, {"content.xml": b"<office/>"})
    else:
        book.write_bytes(content)
    result = import_workbook(book, tmp_path / "out")
    assert words in _messages(result)[0]
    assert not (tmp_path / "out").exists()


def test_a_table_over_its_row_limit_is_refused(tmp_path):
    def edit(wb):
        ws = wb["sources"]
        for k in range(2_001):
            ws.append([f"s{k}", "P", "", "T", "", "", ""])

    result = import_workbook(_book(tmp_path, edit), tmp_path / "out")
    assert "at most 2,000" in _messages(result)[0]
    assert _messages(result)[0].startswith("edited.xlsx:sources!A")


def test_an_error_value_and_a_value_beyond_the_header_are_refused(tmp_path):
    def edit(wb):
        wb["checks"]["F2"] = "#DIV/0!"
        wb["checks"]["F2"].data_type = "e"
        wb["events"]["Z2"] = "stray"

    messages = _messages(import_workbook(_book(tmp_path, edit), tmp_path / "out"))
    assert any(m.startswith("edited.xlsx:checks!F2: an error value") for m in messages)
    assert "edited.xlsx:events!Z2: a value beyond the last column of the header" in messages


def test_an_existing_package_is_replaced_only_with_force(tmp_path):
    book = _export(MINIMAL, tmp_path / "b.xlsx")
    target = derive_package(
        tmp_path / "pkg", {"notes.txt": "mine", "events.csv": "id,date,title,description,sources\n"}
    )
    with pytest.raises(WriteError, match="already holds a package"):
        import_workbook(book, target)
    assert (target / "events.csv").read_bytes() != (MINIMAL / "events.csv").read_bytes()
    result = import_workbook(book, target, replace=True)
    assert result.ok
    assert (target / "events.csv").read_bytes() == (MINIMAL / "events.csv").read_bytes()
    assert (target / "notes.txt").read_text() == "mine"  # nothing else is touched
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_workbook_without_resources_rows_takes_its_tables_from_the_sheets(tmp_path):
    def edit(wb):
        ws = wb["briefing"]
        rows = [r for r in ws.iter_rows(min_row=2) if str(r[0].value).startswith("resources")]
        for r in rows:
            for c in r:
                c.value = None

    result = import_workbook(_book(tmp_path, edit), tmp_path / "out")
    assert result.ok, _messages(result)
    desc = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert [r["name"] for r in desc["resources"]] == [
        "sources",
        "observations",
        "checks",
        "quotes",
        "events",
    ]


@pytest.mark.parametrize(
    "path",
    ["title", "briefing.tabs[0].charts[1].series[0].label", 'briefing.indicators["a.b"].unit'],
)
def test_paths_read_back(path):
    assert workbook.format_path(workbook.parse_path(path)) == path


def test_the_descriptor_rows_give_the_descriptor_back():
    desc = json.loads((FULL / "datapackage.json").read_text())
    desc["extra"] = {"empty": [], "none": None, "blank": "", "float": 2.0, "nested": {}}
    rows = []
    for path, value, type_ in workbook.descriptor_rows(desc):
        parts = workbook.parse_path(path)
        rows.append((parts, workbook.descriptor_value(value, type_, parts)))
    back, bad = workbook.build_descriptor(rows)
    assert bad == [] and workbook.resolve_canonical(back) == []
    assert back == desc


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("../outside.geojson", 1, "{}"), "the file's path"),
        (("maps/occupied/LICENSE", 3, "more"), "are not 1 to"),
        (("observations.csv", 1, "id"), "is a table or the descriptor"),
        (("maps/x.geojson", "=1+1", "x"), "formula"),
    ],
)
def test_the_files_sheet_is_read_as_hostile_input(tmp_path, row, message):
    book = _export(BUNDLED, tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb[workbook.FILES_SHEET]
    ws.append(list(row))
    wb.save(book)
    back = tmp_path / "back"
    result = import_workbook(book, back)
    assert not result.ok
    located = [str(p) for p in result.problems if message in str(p)]
    assert located and all(f"b.xlsx:{workbook.FILES_SHEET}!" in p for p in located), [
        str(p) for p in result.problems
    ]
    assert not back.exists(), "nothing written"


@pytest.mark.parametrize("package", [BUNDLED, FULL, MINIMAL], ids=["bundled", "full", "minimal"])
def test_a_table_read_row_by_row_has_the_rows_read_at_once(package):
    whole = read_raw_package(package)
    lazy = read_raw_package(package, rows=False)
    assert [t.name for t in lazy.tables] == [t.name for t in whole.tables]
    for a, b in zip(whole.tables, lazy.tables, strict=True):
        assert b.rows == [] and b.header == a.header
        assert list(b.iter_rows()) == a.rows, a.name


def test_blank_lines_read_row_by_row_as_at_once(tmp_path):
    # a blank line between rows is an empty row; blank lines at the end are no rows
    pkg = derive_package(
        tmp_path / "blank",
        {"events.csv": lambda t: t.replace("\n", "\n\n", 1) + "\n\n\r\n"},
        MINIMAL,
    )
    whole = next(t for t in read_raw_package(pkg).tables if t.name == "events")
    lazy = next(t for t in read_raw_package(pkg, rows=False).tables if t.name == "events")
    assert [] in whole.rows and whole.rows[-1]
    assert list(lazy.iter_rows()) == whole.rows


def test_a_long_table_s_sheet_is_written_as_openpyxl_reads_it(tmp_path):
    """The rows of a table's sheet, written into the zip as they are read: every cell of
    a thousand rows of numbers, decimals, dates and text comes back as it was written."""
    rows = "".join(
        f"x{k},losses,2024-{k % 12 + 1:02d}-01,2024-{k % 12 + 1:02d}-28,{k}.{k % 10},people,"
        f"GS monthly,gs,,<&> {k},derived,,\n"
        for k in range(1_000)
    )
    pkg = derive_package(tmp_path / "long", {"observations.csv": lambda t: t + rows}, MINIMAL)
    book = _export(pkg, tmp_path / "long.xlsx")
    wb = openpyxl.load_workbook(book, read_only=True)
    ws = wb["observations"]
    assert ws.max_row == 1 + 4 + 1_000
    cells = list(ws.iter_rows(values_only=True))
    last = cells[-1]
    assert last[0] == "x999" and last[2] == dt.datetime(2024, 4, 1) and last[4] == 999.9
    assert last[9] == "<&> 999"
    fmt = next(c for c in next(ws.iter_rows(min_row=1005, max_row=1005)) if c.column == 5)
    assert fmt.number_format == "0.0"


def test_text_is_read_a_part_at_a_time_in_the_lines_a_stringio_gives(monkeypatch):
    import io
    import random

    from briefing_app.model import rawpackage

    rng = random.Random(5)
    pieces = ["a", "bb", ",", '"', "\n", "\r", "\r\n", "x\r\ny", "\u2028", "long" * 5]
    for size in (3, 7, 50):
        monkeypatch.setattr(rawpackage, "LINES_AT_A_TIME", size)
        for _ in range(500):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
            assert list(rawpackage.text_lines(text)) == list(io.StringIO(text, newline=""))
