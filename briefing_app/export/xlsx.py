"""``briefing-app export xlsx OUT.xlsx``: the package as a workbook an analyst edits in
LibreOffice or Excel and brings back with ``briefing-app import`` (the layout:
`briefing_app.model.workbook`).

Unlike the other exports this one writes the package, not the plan: the descriptor's
fields and every cell of every table as written in the files (``16.0`` stays 16.0, an
empty cell stays empty), so that importing the workbook gives the same package.  Text
is stored as text, never as a formula, whatever it starts with.  Written atomically
(`export.atomic`); imports no Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from briefing_app.export.atomic import ExportError, atomic_path
from briefing_app.model import workbook
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import msg, tr
from briefing_app.model.problems import PackageError
from briefing_app.model.rawpackage import RawPackage, RawTable, read_raw_package
from briefing_app.model.safetext import safe_text

#: column widths, in characters: wide enough to read, not the longest cell
MIN_WIDTH, MAX_WIDTH = 8, 60


def export(args: argparse.Namespace, b: Briefing, theme: Any = None) -> list[Path]:
    """The format's function (`export.formats`): *b*'s package as a workbook at args.out."""
    out = Path(args.out)
    try:
        # the tables' rows read one at a time as they are written (a million-row table's
        # rows as lists of text were ~400 MB)
        raw = read_raw_package(b.location, rows=False)
    except PackageError as exc:
        raise ExportError(
            tr("cannot read the package again: {problem}").format(problem=exc.problem)
        ) from None
    with atomic_path(out, force=args.force) as tmp:
        write_workbook(raw, tmp)
    return [out]


#: number formats a table's cell may have (`workbook.table_cell`): a date, or a number
#: shown with 1 to `workbook.MAX_DIGITS` decimals
NUMBER_FORMATS = (
    workbook.DATE_FORMAT,
    *("0." + "0" * d for d in range(1, workbook.MAX_DIGITS + 1)),
)


def write_workbook(raw: RawPackage, path: Path) -> None:
    """Write *raw* as a workbook at *path*; ExportError if a sheet cannot hold it.

    openpyxl writes the workbook with each table's sheet holding its header alone (and
    the first one a cell of each number format a table may use, for their styles); each
    table's sheet is then written again as its rows are read, straight into the zip (a
    package at the limits, 6 million cells, took openpyxl a minute and 2.8 GB)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = workbook.BRIEFING_SHEET
    bold = Font(bold=True)
    ws.append(list(workbook.BRIEFING_HEADER))
    for cell, why in zip(ws[1], _HEADER_NOTES, strict=True):
        cell.font = bold
        cell.comment = Comment(why, "Briefing Viewer")
    for r, (path_text, value, type_) in enumerate(workbook.descriptor_rows(raw.descriptor), 2):
        _put(ws, r, 1, path_text, where=f"datapackage.json:{path_text}")
        _put(ws, r, 2, value, where=f"datapackage.json:{path_text}")
        if type_:
            _put(ws, r, 3, type_)
    _finish(ws, (40, MAX_WIDTH, 10))
    seen: dict[str, str] = {workbook.BRIEFING_SHEET: workbook.BRIEFING_SHEET}
    for k, t in enumerate(raw.tables):
        why = workbook.sheet_name_problem(t.name)
        folded = t.name.casefold()
        if why is None and folded in seen:
            why = msg(
                "differs only in case from {other}, and sheets' names do not",
                other=repr(seen[folded]),
            )
        if why:
            raise ExportError(
                tr("resource {name} cannot be a sheet of a workbook: its name {why}").format(
                    name=repr(safe_text(t.name)), why=why.translated()
                )
            )
        seen[folded] = t.name
        sheet = wb.create_sheet(t.name)
        for c, name in enumerate(t.header, 1):
            _put(sheet, 1, c, name).font = bold
        if k == 0:  # a cell of each number format, for its style (the rows replace it)
            for c, number_format in enumerate(NUMBER_FORMATS, 1):
                sheet.cell(row=2, column=c, value=0).number_format = number_format
        first = list(itertools.islice(t.iter_rows(), 200))
        _finish(
            sheet,
            [
                _width(t.header[k], [row[k] for row in first if k < len(row)])
                for k in range(len(t.header))
            ],
        )
    if raw.files:
        _files_sheet(wb.create_sheet(workbook.FILES_SHEET), raw, bold)
    skeleton = io.BytesIO()
    wb.save(skeleton)
    _with_rows(skeleton, raw, path)


def _with_rows(skeleton: io.BytesIO, raw: RawPackage, path: Path) -> None:
    """The workbook *skeleton* (openpyxl's) at *path*, each table's sheet with its rows."""
    with zipfile.ZipFile(skeleton) as zin:
        sheets = _sheet_parts(zin)
        tables = {sheets[t.name]: t for t in raw.tables}
        styles: dict[str | None, str] = {}
        bold = ""
        if raw.tables:
            first = zin.read(sheets[raw.tables[0].name]).decode("utf-8")
            bold, styles = _styles(first)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                table = tables.get(info.filename)
                if table is None:
                    zout.writestr(info, zin.read(info.filename), compress_type=info.compress_type)
                    continue
                head, tail = _around_rows(zin.read(info.filename).decode("utf-8"))
                head = _DIMENSION.sub(f'<dimension ref="{_extent(table)}" />', head, count=1)
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(entry, "w") as out:
                    out.write(head.encode("utf-8"))
                    for chunk in _sheet_rows(table, bold, styles):
                        out.write(chunk.encode("utf-8"))
                    out.write(tail.encode("utf-8"))


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the zip member that holds it."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(f"{_REL}id")]
        out[sheet.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        )
    return out


def _styles(sheet_xml: str) -> tuple[str, dict[str | None, str]]:
    """The style of a header cell and the style of each number format, as the first
    table's sheet in the skeleton has them (row 1 its header, row 2 a cell a format)."""
    root = ElementTree.fromstring(sheet_xml)
    bold = ""
    styles: dict[str | None, str] = {None: ""}
    for row in root.iter(f"{_MAIN}row"):
        cells = list(row.iter(f"{_MAIN}c"))
        if row.get("r") == "1" and cells:
            bold = cells[0].get("s", "")
        elif row.get("r") == "2":
            for cell, number_format in zip(cells, NUMBER_FORMATS, strict=True):
                styles[number_format] = cell.get("s", "")
    return bold, styles


def _around_rows(sheet_xml: str) -> tuple[str, str]:
    """A sheet's XML before and after its rows (``<sheetData>`` ... ``</sheetData>``)."""
    empty = sheet_xml.find("<sheetData/>")
    if empty >= 0:
        return sheet_xml[:empty] + "<sheetData>", "</sheetData>" + sheet_xml[empty + 12 :]
    start = sheet_xml.index("<sheetData>") + len("<sheetData>")
    end = sheet_xml.index("</sheetData>")
    return sheet_xml[:start], sheet_xml[end:]


_DIMENSION = re.compile(r"<dimension [^>]*/>")


def _extent(t: RawTable) -> str:
    """The cells table *t*'s sheet uses, as a sheet's ``<dimension>`` gives them ("A1:E120"):
    readers take the rows up to its last (a pass over the rows before they are written)."""
    width = len(t.header)
    last = 1
    for r, row in enumerate(t.iter_rows(), 2):
        if any(row[:width]):
            last = r
    return f"A1:{_letters(max(1, width))[-1]}{last}"


def _letters(n: int) -> list[str]:
    """The column letters of the first *n* columns: A, B, ..., Z, AA, ..."""
    from openpyxl.utils import get_column_letter

    return [get_column_letter(k) for k in range(1, n + 1)]


def _sheet_rows(t: RawTable, bold: str, styles: dict[str | None, str]) -> Iterator[str]:
    """The ``<row>`` elements of table *t*'s sheet, as openpyxl writes them: the header in
    bold, then each cell as `workbook.table_cell` makes it (text inline, never a formula;
    a number or a date with its number format), a few thousand rows a chunk."""
    from openpyxl.utils.datetime import to_excel

    types = [t.types.get(h, "string") for h in t.header]
    letters = _letters(len(t.header))
    typed = [ty in ("number", "integer", "date") for ty in types]
    memo: dict[tuple[str, str], tuple[str, str]] = {}  # (text, type) -> (style, value)
    header_style = f' s="{bold}"' if bold else ""
    cells = [_text_cell(f"{letters[c]}1", name, header_style) for c, name in enumerate(t.header)]
    chunk = [f'<row r="1">{"".join(cells)}</row>']
    for r, row in enumerate(t.iter_rows(), 2):
        cells = []
        for c, text in enumerate(row[: len(types)]):
            if text == "":
                continue
            ref = f"{letters[c]}{r}"
            if not typed[c]:
                cells.append(_text_cell(ref, text, "", t, r, c))
                continue
            key = (text, types[c])
            made = memo.get(key)
            if made is None:
                value, number_format = workbook.table_cell(text, types[c])
                if isinstance(value, str):
                    made = ("", "")  # written as text
                else:
                    style = styles[number_format]
                    if isinstance(value, dt.datetime):
                        value = to_excel(value)
                    # the number as openpyxl writes it (%.16g: the 15 digits kept, exactly)
                    made = (f' s="{style}"' if style else "", f"{value:.16g}")
                if len(memo) < 100_000:
                    memo[key] = made
            if made[1]:
                cells.append(f'<c r="{ref}"{made[0]} t="n"><v>{made[1]}</v></c>')
            else:
                cells.append(_text_cell(ref, text, "", t, r, c))
        if cells:  # a row without a cell is not written, as openpyxl does
            chunk.append(f'<row r="{r}">{"".join(cells)}</row>')
        if len(chunk) >= 2_000:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def _text_cell(
    ref: str, text: str, style: str, t: RawTable | None = None, r: int = 0, c: int = 0
) -> str:
    """A cell of text, inline, as openpyxl writes it; ExportError for a character a
    workbook cannot hold."""
    bad = workbook.ILLEGAL_CHARACTERS.search(text)
    if bad is not None:
        where = f"{t.path}:{r}:{t.header[c]}" if t is not None else ""
        raise ExportError(
            msg(
                "{where}: holds the control character {char}, which a workbook cannot hold; "
                "remove it from the package first",
                where=safe_text(where),
                char=f"U+{ord(bad.group()):04X}",
            )
        )
    space = ' xml:space="preserve"' if text.strip() and text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def _escape(text: str) -> str:
    """Text as XML character data, as ElementTree writes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _files_sheet(ws: Any, raw: RawPackage, bold: Any) -> None:
    """The package's files that are not tables (map layers, licence texts), each as its
    text in parts: a row a part, in order, so that an import writes them back byte for
    byte."""
    for c, name in enumerate(workbook.FILES_HEADER, 1):
        _put(ws, 1, c, name).font = bold
    r = 2
    for f in raw.files:
        try:
            text = f.data.decode("utf-8")
        except UnicodeDecodeError:
            raise ExportError(
                msg("{path} is not UTF-8 text: a workbook holds only text", path=safe_text(f.path))
            ) from None
        if "\r" in text:
            raise ExportError(
                msg(
                    "{path} has carriage returns, which a workbook's cells do not keep: save "
                    "it with line feeds only",
                    path=safe_text(f.path),
                )
            )
        step = workbook.FILE_PART
        for k, start in enumerate(range(0, max(len(text), 1), step), 1):
            _put(ws, r, 1, f.path, where=f.path)
            ws.cell(row=r, column=2).value = k
            _put(ws, r, 3, text[start : start + step], where=f.path)
            r += 1
    _finish(ws, (40, 6, MAX_WIDTH))


_HEADER_NOTES = (
    "Where the value goes in datapackage.json: title, briefing.as_of, "
    "briefing.tabs[0].title, ... Add a row to add a field.",
    "The value: text, a number or TRUE/FALSE. Leave it empty to leave the field out.",
    'Usually empty. json: the value is JSON ([], {}, null, ""). canonical: the format\'s '
    "own schema of this resource.",
)


def _put(ws: Any, row: int, column: int, value: Any, where: str = "") -> Any:
    """Set a cell; text always as text (a leading '=' makes no formula)."""
    if isinstance(value, str) and workbook.ILLEGAL_CHARACTERS.search(value):
        bad = workbook.ILLEGAL_CHARACTERS.search(value).group()  # type: ignore[union-attr]
        raise ExportError(
            msg(
                "{where}: holds the control character {char}, which a workbook cannot hold; "
                "remove it from the package first",
                where=safe_text(where),
                char=f"U+{ord(bad):04X}",
            )
        )
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _width(header: str, cells: list[str]) -> int:
    longest = max([len(header), *(len(c) for c in cells)])
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def _finish(ws: Any, widths: Any) -> None:
    """Readable columns, and the header row kept in view."""
    from openpyxl.utils import get_column_letter

    for k, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(k)].width = w
    ws.freeze_panes = "A2"
