"""A CSV file's text, checked from its bytes without a decoded copy kept: its encoding,
the shape of its records, and cells too long to read.

The bytes are read once into memory (``storage``); nothing here keeps a second copy of
them.  UTF-8 is checked by decoding and dropping the text at once; the records are
counted by the csv module over lines decoded a few kilobytes at a time; a cell longer
than `MAX_CELL_CHARS` is never built: the csv module stops at the limit, and the
record is then measured in the bytes (``_measure_record``), so that a file of one
255 MiB cell takes no more memory than its bytes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefing_app.model.i18n import msg, nmsg
from briefing_app.model.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_LISTED
from briefing_app.model.problems import Problem, Severity
from briefing_app.model.reasons import csv_reason

BOM = b"\xef\xbb\xbf"
#: byte-order marks of the encodings a file may be saved in by mistake; UTF-32's first
#: (its little-endian mark begins with UTF-16's)
_OTHER_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
_LINE_END = re.compile(rb"\r\n|\r|\n")


def _wide_encoding(data: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when *data* starts as such text does, with or without a
    byte-order mark (ASCII text in them has NUL bytes beside each character)."""
    for bom, name in _OTHER_BOMS:
        if data.startswith(bom):
            return name
    head = data[:4]
    if len(head) == 4 and head[0] and not any(head[1:]):  # 'i\0\0\0'
        return "UTF-32"
    if len(head) == 4 and not any(head[:3]) and head[3]:  # '\0\0\0i'
        return "UTF-32"
    if len(head) >= 2 and (bool(head[0]) != bool(head[1])):  # 'i\0' or '\0i'
        return "UTF-16"
    return None


def check_encoding(data: bytes, file: str) -> tuple[int | None, list[Problem]]:
    """Where the text of *data* starts (after a UTF-8 byte-order mark, which is accepted
    with a warning), or None when it is not UTF-8 text without NUL characters."""
    problems: list[Problem] = []
    wide = _wide_encoding(data)
    if wide is not None:
        problems.append(
            Problem(file, msg("the file is saved as {wide}; save it as UTF-8", wide=wide))
        )
        return None, problems
    start = 0
    if data.startswith(BOM):
        start = len(BOM)
        problems.append(
            Problem(
                file,
                msg("starts with a UTF-8 byte-order mark; it was ignored"),
                severity=Severity.WARNING,
            )
        )
    bad = _utf8_error(data, start)
    if bad is not None:
        line = data.count(b"\n", 0, bad) + 1
        problems.append(
            Problem(
                file,
                msg(
                    "the file is not valid UTF-8 text (byte 0x{data} on line {line}); it may have "
                    "been saved as Latin-1 or Windows-1252: save it as UTF-8",
                    data=format(data[bad], "02X"),
                    line=line,
                ),
                row=line,
            )
        )
        return None, problems
    nul = data.find(b"\x00", start)
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        problems.append(
            Problem(
                file,
                msg(
                    "the file contains a NUL character on line {line}: it is not a text file",
                    line=line,
                ),
                row=line,
            )
        )
        return None, problems
    return start, problems


def _utf8_error(data: bytes, start: int) -> int | None:
    """The offset of the first byte of *data* (from *start*) that is not UTF-8, or None.

    Decoded a chunk at a time, each chunk's text dropped at once: no copy of the file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    step = 1 << 20
    try:
        for pos in range(start, len(data), step):
            decoder.decode(view[pos : pos + step])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        pass
    else:
        return None
    try:  # an error: decode it whole, once, to find where (the file is refused anyway)
        data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        return start + exc.start
    return None  # pragma: no cover - the chunks and the whole agree


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """The text of *data* (a descriptor or a schema: small), or None and the problems."""
    start, problems = check_encoding(data, file)
    if start is None:
        return None, problems
    return data[start:].decode("utf-8"), problems


#: the longest line a table within the limits can have: its longest cells, quoted
MAX_LINE_CHARS = (MAX_CELL_CHARS + 3) * MAX_COLUMNS


class _LongLine(Exception):
    """A line longer than any record within the limits: a cell in it is too long."""


def lines(data: bytes, start: int) -> Iterator[str]:
    """The lines of *data* from byte *start*, decoded as they are read, line ends kept
    (as the csv module wants them: ``newline=""``).  Raises `_LongLine` rather than
    build a line longer than `MAX_LINE_CHARS`."""
    raw = io.BytesIO(data)  # shares the bytes: no copy
    raw.seek(start)
    read = io.TextIOWrapper(raw, encoding="utf-8", newline="").readline
    while True:
        line = read(MAX_LINE_CHARS)
        if not line:
            return
        if len(line) == MAX_LINE_CHARS and line[-1] not in "\r\n":
            raise _LongLine
        yield line


# -- the records' shape ----------------------------------------------------------------------


@dataclass
class Shape:
    header: list[str]
    #: number of data records, blank lines at the end not counted
    records: int
    problems: list[Problem]
    #: False when the records could not be counted to the end
    complete: bool = True
    #: more records than *max_records*: reading stopped there
    too_many: bool = False
    #: (row, column index, characters) of cells longer than MAX_CELL_CHARS
    long_cells: list[tuple[int, int, int]] = field(default_factory=list)
    n_long_cells: int = 0


def check_shape(data: bytes, start: int, file: str, delimiter: str, max_records: int) -> Shape:
    """Read the header and count the cells of every record, without keeping them.

    Stops after *max_records* data records (``too_many``).  A cell longer than
    `MAX_CELL_CHARS` is measured, not read, and reading goes on after its record."""
    problems: list[Problem] = []
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS)
    try:
        return _check_shape(data, start, file, delimiter, max_records, problems)
    finally:
        csv.field_size_limit(old_limit)


def _check_shape(
    data: bytes, start: int, file: str, delimiter: str, max_records: int, problems: list[Problem]
) -> Shape:
    shape = Shape([], 0, problems)
    reader = csv.reader(lines(data, start), delimiter=delimiter)
    line_base = 0  # physical lines before *source* started
    try:
        header = next(reader, None)
    except (csv.Error, _LongLine) as exc:
        if isinstance(exc, _LongLine) or "field larger than field limit" in str(exc):
            _end, _cells, lengths = _measure_record(data, start, delimiter)
            shape.long_cells = [(1, k, n) for k, n in lengths]
            shape.n_long_cells = len(lengths)
        else:
            problems.append(
                Problem(
                    file, msg("cannot read the header row: {reason}", reason=csv_reason(exc)), row=1
                )
            )
        shape.complete = False
        return shape
    if header is None:
        shape.header = []
        return shape
    shape.header = header
    n = len(header)
    # only the first few of each kind are kept: a hostile file may have millions
    keep = MAX_LISTED + 1
    wrong: list[tuple[int, int, bool]] = []
    n_wrong = 0
    inner_blanks: list[int] = []  # blank records between data records
    n_inner_blanks = 0
    pending: list[int] = []  # blank records since the last data record
    n_pending = 0
    last_data = 1  # record number of the last non-blank record
    row = 1
    offset = start  # byte offset of *source*'s first line
    next_line = reader.line_num  # lines of *source* before the next record
    while True:
        try:
            for rec in reader:
                row += 1
                next_line = reader.line_num
                if not rec:
                    n_pending += 1
                    if len(pending) < keep:
                        pending.append(row)
                    continue
                if n_pending:
                    inner_blanks.extend(pending[: keep - len(inner_blanks)])
                    n_inner_blanks += n_pending
                    pending, n_pending = [], 0
                last_data = row
                if row - 1 > max_records:
                    shape.too_many = True
                    break
                if len(rec) != n:
                    n_wrong += 1
                    if len(wrong) < keep:
                        wrong.append((row, len(rec), any("\n" in c or "\r" in c for c in rec)))
            break
        except (csv.Error, _LongLine) as exc:
            reason = str(exc)
            row += 1
            if not isinstance(exc, _LongLine) and "field larger than field limit" not in reason:
                if "end of data" in reason or "EOF" in reason:
                    problems.append(
                        Problem(
                            file,
                            msg(
                                "a quoted cell is never closed (a '\"' is missing); the rest of "
                                "the file was read as one cell"
                            ),
                            row=row,
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            file,
                            msg("the file is not valid CSV: {reason}", reason=csv_reason(exc)),
                            row=row,
                        )
                    )
                break
            # a cell over the limit: measure its record in the bytes, go on after it
            rec_line = line_base + next_line
            rec_start = _offset_of_line(data, offset, line_base, rec_line)
            end, cells, lengths = _measure_record(data, rec_start, delimiter)
            if cells != n:
                n_wrong += 1
                if len(wrong) < keep:
                    wrong.append((row, cells, False))
            shape.n_long_cells += len(lengths)
            for k, chars in lengths:
                if len(shape.long_cells) < keep:
                    shape.long_cells.append((row, k, chars))
            last_data = row
            line_base = rec_line + _line_ends(data, rec_start, end)
            offset = end
            reader = csv.reader(lines(data, end), delimiter=delimiter)
            next_line = 0
    _report_shape(shape, file, n, wrong, n_wrong, inner_blanks, n_inner_blanks)
    shape.records = last_data - 1
    return shape


def _offset_of_line(data: bytes, offset: int, line: int, target: int) -> int:
    """The byte offset of physical line *target* (0-based), counting on from *offset*,
    the start of line *line*."""
    pos = offset
    while line < target:
        m = _LINE_END.search(data, pos)
        if m is None:
            return len(data)
        pos = m.end()
        line += 1
    return pos


def _line_ends(data: bytes, start: int, end: int) -> int:
    """How many line ends (\\n, \\r\\n or \\r) ``data[start:end]`` holds."""
    crlf = data.count(b"\r\n", start, end)
    return data.count(b"\n", start, end) + data.count(b"\r", start, end) - crlf


def _report_shape(
    shape: Shape,
    file: str,
    n: int,
    wrong: list[tuple[int, int, bool]],
    n_wrong: int,
    inner_blanks: list[int],
    n_inner_blanks: int,
) -> None:
    problems = shape.problems
    for r, k, multiline in wrong[:MAX_LISTED]:
        if multiline:
            text = nmsg(
                "row has {k} cell; the header has {n} (a quoted cell may be missing its "
                "closing '\"')",
                "row has {k} cells; the header has {n} (a quoted cell may be missing its "
                "closing '\"')",
                k,
                k=k,
                n=n,
            )
        else:
            text = nmsg(
                "row has {k} cell; the header has {n}",
                "row has {k} cells; the header has {n}",
                k,
                k=k,
                n=n,
            )
        problems.append(
            Problem(
                file,
                text,
                row=r,
            )
        )
    if n_wrong > MAX_LISTED:
        problems.append(
            Problem(
                file,
                nmsg(
                    "{n} more row with the wrong number of cells",
                    "{n} more rows with the wrong number of cells",
                    n_wrong - MAX_LISTED,
                    n=n_wrong - MAX_LISTED,
                ),
                row=wrong[MAX_LISTED][0],
            )
        )
    for r in inner_blanks[:MAX_LISTED]:
        problems.append(Problem(file, msg("row is blank; remove it"), row=r))
    if n_inner_blanks > MAX_LISTED:
        problems.append(
            Problem(
                file,
                nmsg(
                    "{n} more blank row",
                    "{n} more blank rows",
                    n_inner_blanks - MAX_LISTED,
                    n=n_inner_blanks - MAX_LISTED,
                ),
                row=inner_blanks[MAX_LISTED],
            )
        )


def _measure_record(
    data: bytes, pos: int, delimiter: str
) -> tuple[int, int, list[tuple[int, int]]]:
    """Walk the CSV record starting at byte *pos* without building its cells.

    Returns the offset after the record, its number of cells, and (column index,
    characters) of each cell longer than `MAX_CELL_CHARS`."""
    delim = delimiter.encode("utf-8")
    n = len(data)
    long: list[tuple[int, int]] = []
    k = 0
    while True:
        if pos < n and data[pos] == 0x22:  # a quoted cell: up to its closing quote
            q = pos + 1
            while True:
                q = data.find(b'"', q)
                if q < 0 or data[q + 1 : q + 2] != b'"':
                    break
                q += 2
            close = n if q < 0 else q
            inner = _chars(data, pos + 1, close) - data.count(b'""', pos + 1, close)
            pos = min(n, close + 1)
            # anything between the closing quote and the delimiter belongs to the cell
            stop = _cell_end(data, pos, delim)
            chars = inner + _chars(data, pos, stop)
        else:
            stop = _cell_end(data, pos, delim)
            chars = _chars(data, pos, stop)
        if chars > MAX_CELL_CHARS:
            long.append((k, chars))
        pos = stop
        if data.startswith(delim, pos):
            pos += len(delim)
            k += 1
            continue
        m = _LINE_END.match(data, pos)
        return (m.end() if m else pos), k + 1, long


def _cell_end(data: bytes, pos: int, delim: bytes) -> int:
    """The offset of the next delimiter or line end from *pos* (or the end of data)."""
    m = re.compile(re.escape(delim) + rb"|[\r\n]").search(data, pos)
    return m.start() if m else len(data)


def _chars(data: bytes, start: int, end: int) -> int:
    """Characters of the UTF-8 text ``data[start:end]``, counted a chunk at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    view = memoryview(data)
    step = 1 << 20
    total = 0
    for pos in range(start, end, step):
        total += len(decoder.decode(view[pos : min(end, pos + step)]))
    return total + len(decoder.decode(b"", final=True))
