"""What the system and the libraries say, in the language of the interface (#18): an
OSError's errno, the zip reader's, the CSV readers', the JSON reader's and the regular
expressions' errors are told by category in our own words (`model.reasons`), their
detail (path, line, position) kept; counts take Ukrainian's three plural forms; the
numbers of a constraint's message are written the language's way.

Each error here is raised by the library itself, on real input, not made up."""

from __future__ import annotations

import csv
import errno
import io
import json
import re
import zipfile

import pandas as pd
import pytest
from conftest import edit_json
from test_i18n_messages import english_words

from briefing_app.model import i18n
from briefing_app.model.i18n import Message
from briefing_app.model.limits import MAX_LISTED
from briefing_app.model.loader import load_package
from briefing_app.model.reasons import (
    OS_REASONS,
    csv_reason,
    json_reason,
    os_reason,
    regex_reason,
    zip_reason,
)

#: English words of the libraries' own messages: none may be left in Ukrainian
LIBRARY_WORDS = {
    "No",
    "no",
    "such",
    "file",
    "directory",
    "Permission",
    "denied",
    "space",
    "left",
    "device",
    "Not",
    "not",
    "Bad",
    "magic",
    "number",
    "header",
    "CRC",
    "line",
    "contains",
    "expected",
    "after",
    "Expected",
    "fields",
    "saw",
    "Expecting",
    "delimiter",
    "missing",
    "unterminated",
    "subpattern",
    "position",
    "nothing",
    "repeat",
    "column",
    "char",
    "the",
    "is",
    "a",
    "of",
}


def library_words(text: str) -> set[str]:
    text = re.sub(r"'[^']*'|\"[^\"]*\"|«[^»]*»", " ", text)
    text = re.sub(r"[\w@.\-]*[./\[@][\w@.\-\[\]*]*", " ", text)  # paths, file.csv
    return {w for w in re.findall(r"[A-Za-z]+", text) if w in LIBRARY_WORDS} | english_words(text)


def _raised(fn) -> BaseException:
    try:
        fn()
    except BaseException as exc:
        return exc
    raise AssertionError("nothing raised")


# -- the operating system ----------------------------------------------------------------


def test_an_os_error_is_told_by_its_errno(tmp_path):
    missing = _raised(lambda: open(tmp_path / "none.csv"))  # noqa: SIM115
    (tmp_path / "f").write_text("x", encoding="utf-8")
    not_dir = _raised(lambda: open(tmp_path / "f" / "g"))  # noqa: SIM115
    assert missing.errno == errno.ENOENT and not_dir.errno == errno.ENOTDIR
    assert os_reason(missing) == "no such file or directory"
    assert os_reason(not_dir) == "not a directory"
    with i18n.language_as("uk"):
        assert os_reason(missing).translated() == "немає такого файлу чи теки"
        assert os_reason(not_dir).translated() == "це не тека"
        for code, words in OS_REASONS.items():
            assert library_words(words.translated()) == set(), (errno.errorcode[code], words)


def test_an_errno_of_no_category_keeps_the_system_s_words_and_its_name():
    exc = OSError(errno.EHOSTDOWN, "Host is down")
    assert os_reason(exc) == "Host is down (EHOSTDOWN)"
    with i18n.language_as("uk"):
        assert os_reason(exc).translated() == "системна помилка EHOSTDOWN: Host is down"


def test_a_package_that_cannot_be_opened_says_why_in_ukrainian(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = load_package(tmp_path / "afile" / "package")
    (problem,) = result.errors
    assert str(problem).endswith(": cannot open: not a directory"), str(problem)
    with i18n.language_as("uk"):
        shown = str(problem)
    assert shown.startswith(str(tmp_path / "afile" / "package"))
    assert shown.endswith("це не тека"), shown
    assert library_words(shown.split(": ", 1)[1]) == set(), shown


# -- zip archives ------------------------------------------------------------------------


def test_a_file_that_is_not_a_zip_says_so_in_ukrainian(tmp_path):
    path = tmp_path / "package.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    (problem,) = load_package(path).errors
    assert str(problem) == "package.zip: is not a readable zip archive (file is not a zip file)"
    with i18n.language_as("uk"):
        shown = str(problem)
    assert "файл не є zip-архівом" in shown, shown
    assert library_words(shown.replace(str(path), "")) == set(), shown


def test_a_damaged_member_of_a_zip_keeps_its_name(tmp_path):
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("data.csv", "a,b\n1,2\n")
    data = bytearray(path.read_bytes())
    data[data.index(b"1,2")] = ord("9")  # the stored bytes no longer match their CRC
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        exc = _raised(lambda: z.read("data.csv"))
    assert zip_reason(exc) == "bad CRC-32 for file 'data.csv'"
    with i18n.language_as("uk"):
        assert zip_reason(exc).translated() == "хибна контрольна сума CRC-32 файлу 'data.csv'"


# -- CSV -----------------------------------------------------------------------------------


def test_the_csv_readers_errors_are_told_by_category():
    quote = _raised(lambda: list(csv.reader(io.StringIO('a,"b"x,c\n'), strict=True)))
    newline = _raised(lambda: list(csv.reader(io.StringIO("a,b\rc\n"), strict=True)))
    cells = _raised(lambda: pd.read_csv(io.StringIO("a,b\n1,2\n1,2,3\n"), dtype=str))
    eof = _raised(lambda: pd.read_csv(io.StringIO('a,b\n"1,2\n'), dtype=str))
    assert (
        csv_reason(quote)
        == "',' expected after '\"' (a '\"' inside a quoted cell is written twice)"
    )
    assert csv_reason(cells) == "expected 2 cells in line 3, saw 3"
    with i18n.language_as("uk"):
        texts = [csv_reason(e).translated() for e in (quote, newline, cells, eof)]
    assert texts == [
        "після '\"' очікувався роздільник ',' ('\"' усередині клітинки в лапках пишуть двічі)",
        "розрив рядка всередині клітинки без лапок",
        "у рядку 3 очікувалися 2 клітинки, а знайдено 3",
        "клітинку в лапках, що починається в рядку 1, не закрито",
    ]


def test_a_table_cut_inside_a_quoted_cell_is_reported_in_ukrainian(make_package):
    pkg = make_package({"events.csv": lambda t: t + '\ne9,2024-11-01,"never closed\n'})
    with i18n.language_as("uk"):
        lines = [str(p) for p in load_package(pkg).errors]
    assert any(line.startswith("events.csv:") for line in lines), lines
    for line in lines:
        assert library_words(line.split(": ", 1)[1]) == set(), line


# -- JSON and regular expressions ----------------------------------------------------------


def test_a_json_error_keeps_its_line_and_column():
    exc = _raised(lambda: json.loads('{\n  "a": 1,\n}'))
    assert json_reason(exc).startswith("not valid JSON at line 3, column 1: expected a key")
    with i18n.language_as("uk"):
        text = json_reason(exc).translated()
    assert text.startswith("некоректний JSON у рядку 3, позиція 1: очікувався ключ"), text


def test_a_json_error_of_no_category_is_said_to_be_the_json_reader_s():
    exc = _raised(lambda: json.loads('"\\ud800\\u12"'))
    with i18n.language_as("uk"):
        text = json_reason(exc).translated()
    assert text.startswith("некоректний JSON у рядку 1, позиція "), text
    assert "засіб читання JSON повідомляє:" in text


@pytest.mark.parametrize(
    ("pattern", "english", "ukrainian"),
    [
        (
            "(",
            "missing ), unterminated subpattern at position 0",
            'бракує ")": підшаблон не закрито (позиція 0)',
        ),
        ("a**", "multiple repeat at position 2", "повторення повторення (позиція 2)"),
        ("\\q", "bad escape \\q at position 0", "хибна екранована послідовність \\q (позиція 0)"),
        (
            "(?<=a+)b",
            "look-behind requires fixed-width pattern",
            "перевірка назад потребує шаблону сталої довжини",
        ),
    ],
)
def test_a_regular_expression_s_error_keeps_its_position(pattern, english, ukrainian):
    exc = _raised(lambda: re.compile(pattern))
    assert regex_reason(exc) == english
    with i18n.language_as("uk"):
        assert regex_reason(exc).translated() == ukrainian


# -- counts and numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "ukrainian"),
    [
        (1, "ще 1 стовпець, якого немає в схемі"),
        (3, "ще 3 стовпці, яких немає в схемі"),
        (5, "ще 5 стовпців, яких немає в схемі"),
    ],
)
def test_a_count_in_a_validation_message_takes_its_plural_form(make_package, extra, ukrainian):
    """Columns not in the schema, MAX_LISTED of them listed and *extra* more counted."""
    n = MAX_LISTED + extra
    names = [f"x{k}" for k in range(n)]

    def widen(text: str) -> str:
        lines = text.splitlines()
        lines[0] += "," + ",".join(names)
        lines[1:] = [line + "," * n for line in lines[1:] if line]
        return "\n".join(lines) + "\n"

    pkg = make_package({"events.csv": widen})
    result = load_package(pkg)
    with i18n.language_as("uk"):
        texts = [p.text for p in result.problems]
    assert ukrainian in texts, texts


def test_numbers_in_constraint_messages_are_written_the_language_s_way(make_package):
    def enum(doc):
        doc["resources"][2]["schema"]["fields"][5]["constraints"] = {
            "minimum": 0,
            "enum": [0, 1.5, 2500],
        }

    pkg = make_package(
        {
            "datapackage.json": edit_json(enum),
            "checks.csv": lambda t: t.replace(",equal,0,", ",equal,-1234.5,"),
            "observations.csv": lambda t: t.replace(",100,people", ",-12345,people", 1),
        }
    )
    result = load_package(pkg)
    english = sorted(str(p) for p in result.errors)
    with i18n.language_as("uk"):
        ukrainian = sorted(str(p) for p in result.errors)
    assert "checks.csv:2:tolerance: −1,234.5 is below the minimum of 0" in english, english
    assert "checks.csv:2:tolerance: −1,234.5 is not one of: 0, 1.5, 2,500" in english, english
    assert "checks.csv:2:tolerance: −1\u00a0234,5 менше за мінімум 0" in ukrainian, ukrainian
    assert "checks.csv:2:tolerance: −1\u00a0234,5 не є одним з: 0; 1,5; 2\u00a0500" in ukrainian
    assert any(
        line.startswith("observations.csv:2:value: −12\u00a0345 менше за 0") for line in ukrainian
    ), ukrainian
    # the location is the same in every language
    assert [e.split(": ", 1)[0] for e in english] == [u.split(": ", 1)[0] for u in ukrainian]


def test_a_message_with_a_number_survives_pickling_in_both_languages(make_package):
    import pickle

    pkg = make_package({"checks.csv": lambda t: t.replace(",equal,0,", ",equal,-1234.5,")})
    (problem,) = [p for p in load_package(pkg).errors if "tolerance" in str(p)]
    back = pickle.loads(pickle.dumps(problem))
    assert isinstance(back.message, Message)
    with i18n.language_as("uk"):
        assert str(back) == "checks.csv:2:tolerance: −1\u00a0234,5 менше за мінімум 0"


# -- workbooks ---------------------------------------------------------------------------


def test_a_workbook_the_reader_cannot_parse_is_told_in_ukrainian(tmp_path):
    """openpyxl's own error (an XML parse error) is told by its category, its line and
    column kept."""
    from briefing_app.model.xlsx_import import import_workbook

    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    book = tmp_path / "book.xlsx"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="a"')
    result = import_workbook(book, tmp_path / "out")
    (problem,) = result.errors
    assert str(problem) == (
        "book.xlsx: not a readable workbook (damaged XML in the workbook (line 1, column 18))"
    )
    with i18n.language_as("uk"):
        assert str(problem) == (
            "book.xlsx: робочу книгу не вдається прочитати (пошкоджений XML у робочій книзі "
            "(рядок 1, позиція 18))"
        )
