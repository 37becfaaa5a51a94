"""Hostile inputs, second round (#21): the generated cases of the bad-package corpus.

Cases that are big, binary, archives, links or races: cells at and over the cell
limit, files in UTF-16 and UTF-32, zips with a member twice, a folder swapped for a
link while the package is read.  The static cases are in ``fixtures/bad/`` (see
``test_bad_packages.py``).  Each test fails on the code before #21.
"""

from __future__ import annotations

import os
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL, edit_json

from briefing_app.model import load_package
from briefing_app.model.limits import MAX_CELL_CHARS
from briefing_app.model.loader import INTERNAL_ERROR
from briefing_app.model.problems import PackageError
from briefing_app.model.storage import FolderStorage

LIMIT = f"the limit is {MAX_CELL_CHARS:,}"


def _errors(result) -> list[str]:
    return [str(p) for p in result.errors]


# -- cells at and over the limit: never built, measured in the bytes ------------------------


def _quote_text(text: str):
    return {"quotes.csv": lambda t: t.replace('"<b>Not bold</b> & stays literal"', text)}


@pytest.mark.parametrize("char", ["x", "é", "😀"])
def test_a_cell_at_the_limit_loads_and_one_more_character_is_refused(make_package, char):
    n = MAX_CELL_CHARS
    at = load_package(make_package(_quote_text('"' + char * n + '"')))
    assert at.ok, _errors(at)
    assert at.briefing.quotes["q1"].text == char * n
    over = load_package(make_package(_quote_text('"' + char * (n + 1) + '"')))
    assert f"quotes.csv:2:text: text is {n + 1:,} characters; {LIMIT}" in _errors(over)


def test_a_long_cell_counts_doubled_quotes_once_and_spans_lines(make_package):
    text = '"' + ('say ""x""\n' * 3000) + '"'  # 3,000 lines, 24,000 characters
    errors = _errors(load_package(make_package(_quote_text(text))))
    assert f"quotes.csv:2:text: text is 24,000 characters; {LIMIT}" in errors


def test_long_cells_are_reported_and_the_rows_after_them_read(make_package):
    rows = (
        'q2,B,,"' + "y" * 30_000 + '",2024-11-30,art,,as-quoted,\n'
        "q3,C,,short,2024-11-30,art\n"  # too few cells: still found after the long cell
        "q4," + "z" * 2_500_000 + ",,text,2024-11-30,art,,as-quoted,\n"  # an unquoted line
    )
    errors = _errors(load_package(make_package({"quotes.csv": lambda t: t + rows})))
    assert f"quotes.csv:3:text: text is 30,000 characters; {LIMIT}" in errors
    assert "quotes.csv:4: row has 6 cells; the header has 9" in errors
    assert f"quotes.csv:5:speaker: text is 2,500,000 characters; {LIMIT}" in errors


def test_a_long_header_cell_is_reported(make_package):
    header = "id," + "h" * 30_000 + "\n"
    errors = _errors(load_package(make_package({"events.csv": header})))
    assert f"events.csv:1:column 2: text is 30,000 characters; {LIMIT}" in errors


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc here")
def test_a_huge_cell_takes_no_more_memory_than_its_bytes(make_package, tmp_path):
    """The bytes of a 200 MiB cell, and little more: the cell is never built as text (the
    size limits are raised past it, to show that memory follows the bytes)."""
    from conftest import run_python

    pkg = make_package()
    with open(pkg / "quotes.csv", "w", encoding="utf-8") as fh:
        fh.write('id,speaker,role,text,date,source,via,status,note\nq1,A,,"')
        for _ in range(200):
            fh.write("y" * 1024**2)
        fh.write('",2024-11-30,art,,as-quoted,\n')
    # VmHWM, not ru_maxrss: Linux keeps the latter across exec, so a child would report
    # the peak of the test process it was forked from
    code = (
        "import sys\n"
        "from briefing_app.model import load_package\n"
        "from briefing_app.model.storage import Limits\n"
        "r = load_package(sys.argv[1], Limits(resource=256 * 1024**2, total=512 * 1024**2))\n"
        "print([str(p) for p in r.errors])\n"
        "hwm = [x for x in open('/proc/self/status') if x.startswith('VmHWM')]\n"
        "print(int(hwm[0].split()[1]))\n"
    )
    proc = run_python("-c", code, str(pkg), env={"BRIEFING_NO_CACHE": "1"}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    errors, peak_kib = proc.stdout.strip().splitlines()
    assert "text is 209,715,200 characters" in errors
    assert int(peak_kib) < 600 * 1024, f"peak {int(peak_kib) / 1024:.0f} MiB"


# -- encodings: named as they are ------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "bom", "name"),
    [
        ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32"),
        ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32"),
        ("utf-32-le", b"", "UTF-32"),
        ("utf-32-be", b"", "UTF-32"),
        ("utf-16-le", b"\xff\xfe", "UTF-16"),
        ("utf-16-be", b"", "UTF-16"),
    ],
)
def test_wide_encodings_are_named(make_package, codec, bom, name):
    data = bom + (MINIMAL / "events.csv").read_text(encoding="utf-8").encode(codec)
    errors = _errors(load_package(make_package({"events.csv": data})))
    assert f"events.csv: the file is saved as {name}; save it as UTF-8" in errors


# -- delimiters: any one character ---------------------------------------------------------


@pytest.mark.parametrize("delim", ["¦", "→", "😀", "\t", ";"])
def test_any_one_character_delimits(make_package, delim):
    text = (MINIMAL / "quotes.csv").read_text(encoding="utf-8")
    # a quoted cell holding the delimiter keeps it
    text = text.replace(",", delim).replace("& stays literal", f"{delim} stays literal")

    def dialect(doc):
        res = next(r for r in doc["resources"] if r["name"] == "quotes")
        res["dialect"] = {"delimiter": delim}

    result = load_package(
        make_package({"quotes.csv": text, "datapackage.json": edit_json(dialect)})
    )
    assert result.ok, _errors(result)
    assert result.briefing.quotes["q1"].text == f"<b>Not bold</b> {delim} stays literal"


def test_a_lone_surrogate_is_no_delimiter(make_package):
    pkg = make_package(
        {
            "datapackage.json": lambda t: t.replace(
                '"path": "events.csv"', '"path": "events.csv", "dialect": {"delimiter": "\\ud800"}'
            )
        }
    )
    assert (
        "datapackage.json:resources[4].dialect.delimiter: delimiter must be one character "
        "(not a quote or a line break)"
    ) in _errors(load_package(pkg))


# -- zips: one copy of each member ------------------------------------------------------------


def _zip_with(path: Path, extra: list[tuple[str, bytes]]) -> Path:
    import warnings

    with zipfile.ZipFile(path, "w") as z, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name
        for f in sorted(MINIMAL.iterdir()):
            z.writestr(f.name, f.read_bytes())
        for name, data in extra:
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("member", "shown"),
    [
        ("events.csv", "appears twice"),
        ("./events.csv", "appears twice, as 'events.csv'"),
        ("Events.CSV", "appears twice, as 'events.csv'"),
        ("datapackage.json", "appears twice"),
    ],
)
def test_a_zip_holding_a_member_twice_is_not_read(tmp_path, member, shown):
    z = _zip_with(tmp_path / "twice.zip", [(member, b"id,date,title,description,sources\n")])
    errors = _errors(load_package(z))
    assert errors == [
        f"twice.zip: archive member '{member}' {shown}: which copy is the package's is not "
        "clear; the archive was not read"
    ]


def test_a_zip_member_named_with_dot_parts_is_found(tmp_path):
    z = tmp_path / "dots.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in sorted(MINIMAL.iterdir()):
            zf.writestr(("./" if f.name == "events.csv" else "") + f.name, f.read_bytes())
    assert load_package(z).ok


# -- links and races: what is opened is what is checked ---------------------------------------


def _package_with_folder(tmp_path: Path) -> tuple[Path, Path]:
    """The minimal package with events.csv in a folder ``ev``, and a folder outside it
    holding another events.csv whose event is titled OUTSIDE."""
    pkg = tmp_path / "pkg"
    shutil.copytree(MINIMAL, pkg)
    (pkg / "ev").mkdir()
    (pkg / "events.csv").rename(pkg / "ev" / "events.csv")
    desc = pkg / "datapackage.json"
    desc.write_text(
        desc.read_text(encoding="utf-8").replace('"events.csv"', '"ev/events.csv"'),
        encoding="utf-8",
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "events.csv").write_text(
        "id,date,title,description,sources\ne1,2024-10-15,OUTSIDE,,art\n", encoding="utf-8"
    )
    return pkg, outside


def _swapping(stop: threading.Event, pkg: Path, outside: Path | None) -> None:
    """Swap ``pkg/ev`` for a link to *outside* (or for nothing) and back, until *stop*."""
    real, ev = pkg / "ev.real", pkg / "ev"
    while not stop.is_set():
        os.rename(ev, real)
        if outside is not None:
            os.symlink(outside, ev)
            os.unlink(ev)
        os.rename(real, ev)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
@pytest.mark.parametrize("swap_for", ["link", "nothing"])
def test_a_folder_swapped_while_reading_never_leads_outside(tmp_path, swap_for):
    pkg, outside = _package_with_folder(tmp_path)
    stop = threading.Event()
    swapper = threading.Thread(
        target=_swapping, args=(stop, pkg, outside if swap_for == "link" else None)
    )
    allowed = (
        "ev/events.csv: file not found in the package",
        "ev/events.csv: is a symbolic link that leads outside the package; not followed",
    )
    storage = FolderStorage(pkg)
    seen: set[str] = set()
    swapper.start()
    try:
        for _ in range(3000):
            try:
                data = storage.read("ev/events.csv")
            except PackageError as exc:  # a problem in plain words, never outside data
                seen.add(str(exc.problem))
                assert str(exc.problem) in allowed or str(exc.problem).startswith(
                    "ev/events.csv: cannot read: "
                )
            else:
                assert b"OUTSIDE" not in data
        for _ in range(20):  # the whole load: a problem or the package's own event
            result = load_package(pkg)
            assert not any(INTERNAL_ERROR in str(p) for p in result.problems)
            if result.ok:
                assert result.briefing.events["e1"].title != "OUTSIDE"
    finally:
        stop.set()
        swapper.join()
        storage.close()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_links_inside_the_package_are_followed_part_by_part(tmp_path):
    pkg, _ = _package_with_folder(tmp_path)
    (pkg / "alias").symlink_to("ev")  # a relative link to a folder inside
    (pkg / "abs").symlink_to(pkg.resolve() / "ev")  # an absolute one
    (pkg / "ev" / "up").symlink_to("../ev/events.csv")  # '..' that stays inside
    (pkg / "out").symlink_to("../outside")
    storage = FolderStorage(pkg)
    try:
        want = (pkg / "ev" / "events.csv").read_bytes()
        for name in ("alias/events.csv", "abs/events.csv", "ev/up", "alias/./up"):
            assert storage.read(name) == want, name
        with pytest.raises(PackageError, match="leads outside the package"):
            storage.read("out/events.csv")
    finally:
        storage.close()


def test_without_dir_fd_links_are_still_checked(make_package, tmp_path, monkeypatch):
    from briefing_app.model import openat

    monkeypatch.setattr(openat, "SUPPORTED", False)
    outside = tmp_path / "outside.csv"
    outside.write_text("id,date,title,description,sources\n", encoding="utf-8")
    pkg = make_package({"events.csv": None})
    (pkg / "events.csv").symlink_to(outside)
    assert "events.csv: is a symbolic link that leads outside the package; not followed" in _errors(
        load_package(pkg)
    )


# -- spoofing: what validate prints is what the package holds --------------------------------


def _validate(*args: str) -> tuple[int, str]:
    import contextlib
    import io

    from briefing_app.cli.main import cmd_validate

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cmd_validate(list(args))
    return code, out.getvalue()


def test_a_path_with_a_line_break_and_an_override_prints_escaped(tmp_path):
    pkg = tmp_path / "brief\u202efdp.exe\nvalid briefing package"
    shutil.copytree(MINIMAL, pkg)
    code, out = _validate(str(pkg))
    assert code == 0
    first = out.splitlines()[0]
    spoof = "brief\\u202efdp.exe\\nvalid briefing package"
    assert first == f"{tmp_path}/{spoof}: valid briefing package"
    assert "\u202e" not in out


def test_a_title_with_bidi_controls_prints_escaped(make_package):
    pkg = make_package(
        {"datapackage.json": edit_json(lambda d: d.update(title="Safe\u202e\u2066 title\x1b[2J"))}
    )
    code, out = _validate(str(pkg))
    assert code == 0
    assert "  Safe\\u202e\\u2066 title\\x1b[2J " in out
    assert not any(c in out for c in "\u202e\u2066\x1b")


def test_a_problem_quoting_package_text_prints_escaped(make_package):
    pkg = make_package({"events.csv": lambda t: t.replace("2024-10-15", "\u202e51-01-4202")})
    code, out = _validate(str(pkg))
    assert code == 1
    assert "  events.csv:2:date: '\\u202e51-01-4202' is not a date (YYYY-MM-DD)" in out


def test_validate_prints_the_first_problems_and_counts_the_rest(make_package):
    from briefing_app.model.limits import MAX_PRINTED

    n = MAX_PRINTED + 5
    checks = "".join(f"x{k},T,a-tot,{{m-09}},equal,0,people,\n" for k in range(n))
    pkg = make_package({"checks.csv": lambda t: t + checks})
    code, out = _validate(str(pkg))
    assert code == 0
    lines = out.splitlines()
    assert f"{n + 1} finding(s) of the briefing, checks whose figures disagree:" in lines
    assert sum(line.startswith("  checks.csv:") for line in lines) == MAX_PRINTED
    assert lines[-1].endswith(" and 6 more findings (--json lists them all)")
    code, out = _validate(str(pkg), "--json")
    assert len(__import__("json").loads(out)["findings"]) == n + 1


def test_the_safe_text_helper():
    from briefing_app.model import safe_text

    assert safe_text("a\u202eb\nc\td\x85e\u2029") == "a\\u202eb\\nc\\td\\x85e\\u2029"
    assert safe_text("../a\u202e/b:c\n.txt", file_name=True) == "_._a__b_c_.txt"
    assert safe_text(".hidden", file_name=True) == "_hidden"
    assert safe_text("", file_name=True) == "_"
    assert safe_text("مرحبا ‏Café") == "مرحبا \\u200fCafé"


def test_a_title_with_bidi_controls_and_a_line_break_cannot_spoof_a_title_bar(qtbot, make_package):
    from briefing_app.model.safetext import is_safe
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.presentation.controller import PresentationController
    from briefing_app.ui.presentation.window import PresentationWindow

    title = "Briefing \u202egnp.exe\nsecond line"
    pkg = make_package({"datapackage.json": edit_json(lambda d: d.update(title=title))})
    b = load_package(pkg).briefing
    w = MainWindow(BriefingDocument(b, load_theme("screen")), prebuild=False)
    qtbot.addWidget(w)
    assert is_safe(w.windowTitle()) and "\\u202e" in w.windowTitle()
    assert is_safe(w.status_label.toolTip().split("\n", 1)[1])
    p = PresentationWindow(b, load_theme("projector"), PresentationController())
    qtbot.addWidget(p)
    assert is_safe(p.windowTitle()) and "gnp.exe" in p.windowTitle()
