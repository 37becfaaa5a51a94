"""``briefing-app import BOOK.xlsx DIR``: a workbook laid out as `workbook` says, read into
a package folder, checked, and written only if it is a valid briefing.

The workbook is hostile input until read: before openpyxl sees it, the file's size, the
number of its parts and their inflated sizes are checked against `WorkbookLimits`, and
no XML part may declare a document type (which is how entity bombs and external entities
get in).  It is read in read-only mode, values only: a formula is never evaluated (a cell
holding one is refused, its cached result being whatever the file says), links to other
workbooks are not loaded, and text cells are text whatever they start with.  Tables are
held to the format's limits (rows, columns, characters) as they are read.

Every problem is located in the workbook, ``BOOK.xlsx:SHEET!CELL: message``: those found
reading it, and those the loader finds in the package made from it (a table's
``FILE:ROW:FIELD`` is its sheet's cell; a descriptor's field is its row of the
``briefing`` sheet).
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing_app.model import spec, workbook
from briefing_app.model.i18n import msg, nmsg
from briefing_app.model.layers import is_layer
from briefing_app.model.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_RESOURCES, max_rows
from briefing_app.model.loader import load_package
from briefing_app.model.problems import Problem, Severity
from briefing_app.model.rawpackage import csv_bytes, descriptor_bytes
from briefing_app.model.reasons import os_reason, workbook_reason
from briefing_app.model.storage import DESCRIPTOR, human_size, unsafe_path_reason
from briefing_app.model.workbook import BRIEFING_SHEET, CellError
from briefing_app.model.writer import WriteError, staged_package


@dataclass(frozen=True)
class WorkbookLimits:
    """What a workbook may be before a byte of it is parsed."""

    #: the file itself (compressed); a package is at most 128 MiB of text
    file: int = 64 * 1024**2
    #: its parts inflated, together: XML takes several times the text it holds
    inflated: int = 512 * 1024**2
    #: parts in the archive
    members: int = 10_000


DEFAULT_WORKBOOK_LIMITS = WorkbookLimits()
#: sheets: a table per resource and the briefing sheet
MAX_SHEETS = MAX_RESOURCES + 2  # the briefing sheet and the files sheet
#: the files sheet: at most this many rows, and characters in all
MAX_FILE_ROWS = 20_000
MAX_FILES_CHARACTERS = 64 * 1024**2
_XML_PARTS = re.compile(r"\.(xml|rels|vml)$", re.I)
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_CHUNK = 1 << 20


@dataclass
class ImportResult:
    """What importing gave: every problem, located in the workbook, and the files written
    (none unless the package is valid)."""

    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]

    @property
    def ok(self) -> bool:
        return bool(self.written) and not self.errors


class _Refused(Exception):
    """The workbook cannot be read further; the problem says why."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


def import_workbook(
    book: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    replace: bool = False,
    limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
) -> ImportResult:
    """Read *book* into a package at *target* (new, an empty folder, or with *replace* a
    package whose files are replaced); nothing is written unless the package is valid.
    Raises `WriteError` when *target* is no place for it."""
    book = Path(book)
    reader = _Reader(book.name)
    try:
        check_workbook_file(book, limits)
        pkg = reader.read(book)
    except _Refused as exc:
        reader.error(exc.message, exc.where)
        return ImportResult(reader.problems)
    if pkg is None or any(p.severity == Severity.ERROR for p in reader.problems):
        return ImportResult(reader.problems)
    desc, files = pkg
    with staged_package(target, replace=replace) as stage:
        stage.write(DESCRIPTOR, descriptor_bytes(desc))
        for name, data in files.items():
            stage.write(name, data)
        loaded = load_package(stage.folder)
        problems = reader.problems + [reader.locate(p) for p in loaded.problems]
        if not loaded.ok:
            return ImportResult(problems)
        return ImportResult(problems, stage.commit())


def check_workbook_file(book: Path, limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS) -> None:
    """Refuse a file that is not a workbook within *limits*, before it is parsed."""
    try:
        size = book.stat().st_size
    except FileNotFoundError:
        raise _Refused(msg("no such file")) from None
    except OSError as exc:
        raise _Refused(msg("cannot read: {strerror}", strerror=os_reason(exc))) from None
    if not book.is_file():
        raise _Refused(msg("is not a file"))
    if size > limits.file:
        raise _Refused(
            msg(
                "file is {size}; the limit is {limit}",
                size=human_size(size),
                limit=human_size(limits.file),
            )
        )
    try:
        with zipfile.ZipFile(book) as z:
            infos = z.infolist()
            if len(infos) > limits.members:
                raise _Refused(
                    nmsg(
                        "the workbook has {count} part; at most {limit}",
                        "the workbook has {count} parts; at most {limit}",
                        len(infos),
                        count=len(infos),
                        limit=limits.members,
                    )
                )
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise _Refused(
                    msg("not an Excel workbook (.xlsx): save it as an Excel 2007-365 workbook")
                )
            total = sum(i.file_size for i in infos)
            if total > limits.inflated:
                raise _Refused(
                    msg(
                        "the workbook inflates to {size}; the limit is {limit}",
                        size=human_size(total),
                        limit=human_size(limits.inflated),
                    )
                )
            for info in infos:
                if _XML_PARTS.search(info.filename) and _declares_dtd(z, info):
                    raise _Refused(
                        msg(
                            "part {filename} declares a document type or entities, which no "
                            "workbook needs; not read",
                            filename=repr(info.filename),
                        )
                    )
    except zipfile.BadZipFile:
        raise _Refused(
            msg(
                "not an .xlsx workbook (an old .xls, an encrypted workbook or another file): save "
                "it as an Excel 2007-365 workbook"
            )
        ) from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise _Refused(
            msg("not a readable workbook ({reason})", reason=workbook_reason(exc))
        ) from None


def _declares_dtd(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    with z.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            window = tail + chunk
            if any(m in window for m in _DTD):
                return True
            tail = window[-16:]
    return False


class _Reader:
    """Reads one workbook: the descriptor from the briefing sheet, a CSV per table; and
    locates the problems of the package made from them in its cells."""

    def __init__(self, book_name: str) -> None:
        self.book = book_name
        self.problems: list[Problem] = []
        #: the briefing sheet's rows: (field as written, sheet row)
        self.fields: list[tuple[str, int]] = []
        #: per CSV file: (sheet, {column name: letter})
        self.sheets: dict[str, tuple[str, dict[str, str]]] = {}
        #: per resource index: its sheet
        self.resource_sheets: dict[int, str] = {}

    def error(self, message: str, where: str | None = None, warning: bool = False) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.problems.append(Problem(self.book, message, field=where, severity=severity))

    # -- reading -----------------------------------------------------------------------
    def read(self, book: Path) -> tuple[dict[str, Any], dict[str, bytes]] | None:
        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns of styles it does not read
                wb = openpyxl.load_workbook(
                    book, read_only=True, data_only=False, keep_links=False, keep_vba=False
                )
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise _Refused(
                msg("not a readable workbook ({reason})", reason=workbook_reason(exc))
            ) from None
        try:
            return self._read(wb)
        finally:
            wb.close()

    def _read(self, wb: Any) -> tuple[dict[str, Any], dict[str, bytes]] | None:
        names = list(wb.sheetnames)
        if len(names) > MAX_SHEETS:
            raise _Refused(
                nmsg(
                    "the workbook has {count} sheet; at most {limit}",
                    "the workbook has {count} sheets; at most {limit}",
                    len(names),
                    count=len(names),
                    limit=MAX_SHEETS,
                )
            )
        if BRIEFING_SHEET not in names:
            raise _Refused(
                msg(
                    "the workbook has no sheet {sheet} (the descriptor's fields: field, "
                    "value, type)",
                    sheet=repr(BRIEFING_SHEET),
                )
            )
        desc = self._descriptor(wb[BRIEFING_SHEET])
        if desc is None:
            return None
        tables = [n for n in names if n not in (BRIEFING_SHEET, workbook.FILES_SHEET)]
        if "resources" not in desc:
            desc["resources"] = [_resource_for(n) for n in tables]
        for i, why in workbook.resolve_canonical(desc):
            self.error(why, self._field_cell(f"resources[{i}].schema"))
        resources = desc.get("resources")
        if not isinstance(resources, list):
            self.error(msg("resources must be a list"), self._field_cell("resources"))
            return None
        files: dict[str, bytes] = {}
        if workbook.FILES_SHEET in names:
            files.update(self._files(wb[workbook.FILES_SHEET]))
        listed: set[str] = set()
        for i, r in enumerate(resources):
            rpath = r.get("path") if isinstance(r, dict) else None
            if isinstance(rpath, str) and is_layer(r, rpath):
                continue  # a map layer is a file of the files sheet, not a sheet
            name = r.get("name") if isinstance(r, dict) else None
            if not isinstance(name, str) or name not in names or name == BRIEFING_SHEET:
                self.error(
                    msg(
                        "resource {name} has no sheet of its name in the workbook", name=repr(name)
                    ),
                    self._field_cell(f"resources[{i}].name"),
                )
                continue
            listed.add(name)
            self.resource_sheets[i] = name
            path = r.get("path")
            if not isinstance(path, str) or unsafe_path_reason(path):
                continue  # the loader says why, at resources[i].path
            dialect = r.get("dialect")
            delim = dialect.get("delimiter", ",") if isinstance(dialect, dict) else ","
            table = self._table(wb[name], name, max_rows(name))
            if table is not None:
                try:
                    files[path] = csv_bytes(*table, delimiter=str(delim))
                except (TypeError, ValueError):  # a delimiter the loader refuses
                    self.error(
                        msg(
                            "cannot write the table: its delimiter {delimiter} is not one "
                            "character",
                            delimiter=repr(delim),
                        ),
                        self._field_cell(f"resources[{i}].dialect.delimiter"),
                    )
                self.sheets[path] = (name, self._letters(table[0]))
        for name in tables:
            if name not in listed:
                self.error(
                    msg(
                        "sheet {name} is not a table of the package (no resource of its name in "
                        "the briefing sheet); it was not read",
                        name=repr(name),
                    ),
                    _cell(name, 1, 1),
                    warning=True,
                )
        return desc, files

    def _files(self, ws: Any) -> dict[str, bytes]:
        """The files of the files sheet (map layers, licence texts): each path's parts
        joined in order, as UTF-8."""
        sheet = workbook.FILES_SHEET
        parts: dict[str, list[tuple[int, str]]] = {}
        total = 0
        for r, cells in self._rows(ws, sheet, 3, max_rows=MAX_FILE_ROWS + 1):
            texts = []
            for c, (data_type, value, number_format) in enumerate(cells, start=1):
                try:
                    texts.append(_text(data_type, value, number_format))
                except CellError as exc:
                    self.error(str(exc), _cell(sheet, r, c))
                    texts.append("")
            texts += [""] * (3 - len(texts))
            if r == 1:
                if tuple(texts[:3]) != workbook.FILES_HEADER:
                    self.error(
                        msg(
                            "the first row must be {header}",
                            header=", ".join(workbook.FILES_HEADER),
                        ),
                        _cell(sheet, 1, 1),
                    )
                    return {}
                continue
            path, part, text = texts[:3]
            if not path and not part and not text:
                continue
            why = unsafe_path_reason(path) if path else msg("is empty")
            if why is None and (path == DESCRIPTOR or path.lower().endswith(".csv")):
                why = msg("is a table or the descriptor, which come from their own sheets")
            if why is not None:
                self.error(msg("the file's path {why}", why=why), _cell(sheet, r, 1))
                continue
            if not part.isdigit() or int(part) < 1:
                self.error(msg("the part must be a whole number from 1"), _cell(sheet, r, 2))
                continue
            total += len(text)
            if total > MAX_FILES_CHARACTERS:
                raise _Refused(
                    msg(
                        "the files sheet holds more than {limit} characters",
                        limit=MAX_FILES_CHARACTERS,
                    ),
                    _cell(sheet, r, 3),
                )
            parts.setdefault(path, []).append((int(part), text))
        out = {}
        for path, pieces in parts.items():
            numbers = [k for k, _ in pieces]
            if sorted(numbers) != list(range(1, len(numbers) + 1)):
                self.error(
                    msg(
                        "the parts of {path} are not 1 to {count}, each once",
                        path=repr(path),
                        count=len(numbers),
                    ),
                    _cell(sheet, 1, 2),
                )
                continue
            out[path] = "".join(t for _, t in sorted(pieces)).encode("utf-8")
        return out

    def _descriptor(self, ws: Any) -> dict[str, Any] | None:
        rows: list[tuple[list[str | int], Any]] = []
        where: list[int] = []
        for r, cells in self._rows(ws, BRIEFING_SHEET, 3, max_rows=100_000):
            if r == 1:
                header = tuple(str(c[1] or "").strip().lower() for c in cells)
                if header[:2] != workbook.BRIEFING_HEADER[:2]:
                    self.error(
                        msg("the first row must be the header: field, value, type"),
                        _cell(BRIEFING_SHEET, 1, 1),
                    )
                    return None
                continue
            name, value, kind = (cells + [("n", None, None)] * 3)[:3]
            if name[1] in (None, "") and value[1] in (None, ""):
                continue
            try:
                for column, cell in ((1, name), (2, value), (3, kind)):
                    _no_formula(cell[0], cell[1], _cell(BRIEFING_SHEET, r, column))
            except _Refused as exc:
                self.error(exc.message, exc.where)
                continue
            if not isinstance(name[1], str):
                self.error(msg("a field's name must be text"), _cell(BRIEFING_SHEET, r, 1))
                continue
            path = name[1].strip()
            self.fields.append((path, r))
            if value[1] is None or value[1] == "":
                continue  # an empty value leaves the field out
            try:
                parts = workbook.parse_path(path)
            except ValueError as exc:
                self.error(
                    msg("not a field's path: {reason}", reason=str(exc)),
                    _cell(BRIEFING_SHEET, r, 1),
                )
                continue
            type_ = str(kind[1] or "").strip().lower()
            try:
                rows.append((parts, workbook.descriptor_value(value[1], type_, parts)))
                where.append(r)
            except CellError as exc:
                column = 3 if type_ not in workbook.TYPES else 2
                self.error(str(exc), _cell(BRIEFING_SHEET, r, column))
        desc, bad = workbook.build_descriptor(rows)
        for k, why in bad:
            self.error(why, _cell(BRIEFING_SHEET, where[k], 1))
        return desc

    def _table(
        self, ws: Any, sheet: str, row_limit: int
    ) -> tuple[list[str], list[list[str]]] | None:
        header: list[str] = []
        rows: list[list[str]] = []
        ok = True
        for r, cells in self._rows(ws, sheet, MAX_COLUMNS, max_rows=row_limit + 1):
            texts = []
            for c, (data_type, value, number_format) in enumerate(cells, start=1):
                try:
                    texts.append(_text(data_type, value, number_format))
                except CellError as exc:
                    self.error(str(exc), _cell(sheet, r, c))
                    texts.append("")
                    ok = False
            if r == 1:
                while texts and texts[-1] == "":
                    texts.pop()
                if not texts:
                    self.error(msg("the first row must be the table's header"), _cell(sheet, 1, 1))
                    return None
                header = texts
                continue
            if any(texts[len(header) :]):
                c = len(header) + next(k for k, t in enumerate(texts[len(header) :]) if t) + 1
                self.error(msg("a value beyond the last column of the header"), _cell(sheet, r, c))
                ok = False
            rows.append((texts + [""] * len(header))[: len(header)])
        if not header:
            self.error(msg("the sheet is empty (no header row)"), _cell(sheet, 1, 1))
            return None
        while rows and not any(rows[-1]):
            rows.pop()
        return (header, rows) if ok else None

    def _rows(
        self, ws: Any, sheet: str, max_columns: int, max_rows: int
    ) -> Iterator[tuple[int, list[tuple[str, Any, str]]]]:
        """(row number, [(data type, value, number format)]) of each row, within limits."""
        for r, row in enumerate(ws.iter_rows(), start=1):
            if r > max_rows:
                raise _Refused(
                    msg(
                        "the sheet has more than {max_rows} rows; a table of {sheet} may have at "
                        "most {max_rows}",
                        max_rows=max_rows - 1,
                        sheet=repr(sheet),
                    ),
                    _cell(sheet, r, 1),
                )
            cells = []
            for c, cell in enumerate(row, start=1):
                value = cell.value
                if c > max_columns:
                    if value is None:
                        continue
                    raise _Refused(
                        msg(
                            "more than {limit} columns; a table may have at most {limit}",
                            limit=max_columns,
                        ),
                        _cell(sheet, r, c),
                    )
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    self.error(
                        nmsg(
                            "text is {count} character; the limit is {limit}",
                            "text is {count} characters; the limit is {limit}",
                            len(value),
                            count=len(value),
                            limit=MAX_CELL_CHARS,
                        ),
                        _cell(sheet, r, c),
                    )
                    value = ""
                cells.append((cell.data_type, value, getattr(cell, "number_format", None)))
            yield r, cells

    # -- locating the package's problems in the workbook ---------------------------------
    def _letters(self, header: list[str]) -> dict[str, str]:
        from openpyxl.utils import get_column_letter

        return {name: get_column_letter(k) for k, name in enumerate(header, start=1)}

    def _field_cell(self, path: str) -> str:
        """The cell of the briefing sheet that gives *path*, or holds what is under it, or
        the nearest field above it."""
        exact = [r for p, r in self.fields if p == path]
        if exact:
            return _cell(BRIEFING_SHEET, exact[0], 2)
        under = [r for p, r in self.fields if p.startswith((path + ".", path + "["))]
        if under:
            return _cell(BRIEFING_SHEET, under[0], 1)
        above = [(len(p), r) for p, r in self.fields if path.startswith((p + ".", p + "["))]
        if above:
            return _cell(BRIEFING_SHEET, max(above)[1], 2)
        m = re.match(r"resources\[(\d+)\]", path)
        if m and int(m.group(1)) in self.resource_sheets:
            return _cell(self.resource_sheets[int(m.group(1))], 1, 1)
        return _cell(BRIEFING_SHEET, 1, 1)

    def locate(self, p: Problem) -> Problem:
        """*p*, a problem of the package made from the workbook, at its cell."""
        if p.file == DESCRIPTOR:
            where = self._field_cell(p.field or "")
        elif p.file in self.sheets:
            sheet, letters = self.sheets[p.file]
            column = letters.get(p.field or "", "A")
            where = f"{_sheet_ref(sheet)}!{column}{p.row or 1}"
        else:
            return Problem(
                self.book,
                msg("{location}: {message}", location=p.location, message=p.message),
                severity=p.severity,
            )
        return Problem(self.book, p.message, field=where, severity=p.severity)


_FORMULA = msg(
    "a formula; formulas are not read: put the value itself in the cell "
    "(copy, then paste values only)"
)


def _no_formula(data_type: str, value: Any, where: str) -> None:
    """Refuse a cell holding a formula or an error value (#DIV/0!, #REF!)."""
    if data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        raise _Refused(_FORMULA, where)
    if data_type == "e":
        raise _Refused(
            msg("an error value ({value}); put the value itself in the cell", value=value), where
        )


def _text(data_type: str, value: Any, number_format: str | None) -> str:
    """A table cell's text; CellError for a formula, an error value or a time."""
    try:
        _no_formula(data_type, value, "")
    except _Refused as exc:
        raise CellError(exc.message) from None
    return workbook.cell_text(value, number_format)


def _resource_for(sheet: str) -> dict[str, Any]:
    """The resource of a sheet when the briefing sheet lists none: a CSV of its name,
    with the format's schema if it has one."""
    r: dict[str, Any] = {
        "name": sheet,
        "path": f"{sheet}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
    }
    if sheet in spec.SCHEMAS:
        r["schema"] = spec.schema_for(sheet)
    return r


def _sheet_ref(sheet: str) -> str:
    """A sheet's name as a formula names it: quoted unless plain."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _cell(sheet: str, row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{_sheet_ref(sheet)}!{get_column_letter(column)}{row}"


__all__ = ["ImportResult", "WorkbookLimits", "WriteError", "import_workbook"]
