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
from pathlib import Path
from typing import Any

from briefing_app.export.atomic import ExportError, atomic_path
from briefing_app.model import workbook
from briefing_app.model.briefing import Briefing
from briefing_app.model.i18n import msg, tr
from briefing_app.model.problems import PackageError
from briefing_app.model.rawpackage import RawPackage, read_raw_package
from briefing_app.model.safetext import safe_text

#: column widths, in characters: wide enough to read, not the longest cell
MIN_WIDTH, MAX_WIDTH = 8, 60


def export(args: argparse.Namespace, b: Briefing, theme: Any = None) -> list[Path]:
    """The format's function (`export.formats`): *b*'s package as a workbook at args.out."""
    out = Path(args.out)
    try:
        raw = read_raw_package(b.location)
    except PackageError as exc:
        raise ExportError(
            tr("cannot read the package again: {problem}").format(problem=exc.problem)
        ) from None
    with atomic_path(out, force=args.force) as tmp:
        write_workbook(raw, tmp)
    return [out]


def write_workbook(raw: RawPackage, path: Path) -> None:
    """Write *raw* as a workbook at *path*; ExportError if a sheet cannot hold it."""
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
    for t in raw.tables:
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
        types = [t.types.get(h, "string") for h in t.header]
        for c, name in enumerate(t.header, 1):
            _put(sheet, 1, c, name).font = bold
        for r, row in enumerate(t.rows, 2):
            for c, (text, ftype) in enumerate(zip(row, types, strict=False), 1):
                value, number_format = workbook.table_cell(text, ftype)
                if value is not None:
                    where = f"{t.path}:{r}:{t.header[c - 1] if c <= len(t.header) else c}"
                    cell = _put(sheet, r, c, value, where=where)
                    if number_format:
                        cell.number_format = number_format
        _finish(
            sheet,
            [
                _width(t.header[k], [row[k] for row in t.rows[:200] if k < len(row)])
                for k in range(len(t.header))
            ],
        )
    if raw.files:
        _files_sheet(wb.create_sheet(workbook.FILES_SHEET), raw, bold)
    wb.save(path)


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
                f"{safe_text(f.path)} is not UTF-8 text: a workbook holds only text"
            ) from None
        if "\r" in text:
            raise ExportError(
                f"{safe_text(f.path)} has carriage returns, which a workbook's cells do "
                "not keep: save it with line feeds only"
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
            f"{safe_text(where)}: holds the control character U+{ord(bad):04X}, which a "
            "workbook cannot hold; remove it from the package first"
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
