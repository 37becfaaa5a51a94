"""Property-based tests: mutate the reference packages (cells, columns, JSON keys, bytes);
loading either succeeds or reports problems, never raises or crashes inside the viewer.

Bounded (``max_examples``, no deadline) so the file runs in well under a minute.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conftest import FULL, MINIMAL
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing_app.model import LoadResult, Severity, load_package
from briefing_app.model.fmt import fmt_number
from briefing_app.model.formula import FormulaError, evaluate
from briefing_app.model.loader import INTERNAL_ERROR
from briefing_app.model.spec import schema_for
from briefing_app.model.tables import read_table

#: examples per test; raise it for a deeper search, e.g. BRIEFING_PROPERTY_EXAMPLES=2000
EXAMPLES = int(os.environ.get("BRIEFING_PROPERTY_EXAMPLES", "60"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

BASES = [MINIMAL, FULL]
CSV_FILES = {base: sorted(p.name for p in base.glob("*.csv")) for base in BASES}

#: texts likely to find bugs: types' edge cases, ids, CSV and JSON syntax, controls
TRICKY = [
    "",
    " ",
    "NA",
    "null",
    "NaN",
    "-inf",
    "1e400",
    "-0",
    "0x1F",
    "1,000",
    "١٢٣",
    "9" * 25,
    "2024-02-30",
    "2024-1-5",
    "0001-01-01",
    "9999-12-31",
    "2024-12-01T10:00:00+05:00",
    "true",
    "m-09",
    "a-tot",
    "gs",
    "art",
    "e1",
    "q1",
    "c1",
    "poll1",
    "gs art",
    "../x",
    "/etc/passwd",
    "{m-09}",
    "{m-09} / 0",
    '"',
    '""',
    ",",
    "\n",
    "\r\n",
    "\x00",
    "\ufeff",
    "é",
    "\u202e",
]
cell_text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30))


@contextmanager
def package(base: Path) -> Iterator[Path]:
    """A private copy of *base* for one example (hypothesis cannot use tmp_path)."""
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "package"
        shutil.copytree(base, dest)
        yield dest


def check(result: LoadResult) -> LoadResult:
    """What must hold of any load, valid or not."""
    assert isinstance(result, LoadResult)
    internal = [str(p) for p in result.problems if INTERNAL_ERROR in p.message]
    assert not internal, internal
    assert result.ok == (result.briefing is not None)
    if not result.ok:
        assert result.errors, "an invalid package must say why"
    for p in result.problems:
        text = str(p)
        assert p.message.strip() and p.severity in tuple(Severity)
        assert "\n" not in text and "\r" not in text, repr(text)
        assert "Traceback" not in text
        assert p.row is None or p.row >= 1
    return result


def read_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


# -- cells and columns ------------------------------------------------------------------------


@BOUNDED
@given(data=st.data(), base=st.sampled_from(BASES), value=cell_text)
def test_any_cell_value_loads_or_is_reported(data, base, value):
    name = data.draw(st.sampled_from(CSV_FILES[base]), label="file")
    with package(base) as pkg:
        rows = read_rows(pkg / name)
        i = data.draw(st.integers(0, len(rows) - 1), label="row")
        j = data.draw(st.integers(0, len(rows[i]) - 1), label="column")
        rows[i][j] = value
        write_rows(pkg / name, rows)
        result = check(load_package(pkg))
        if i == 0 and value.strip() != rows[0][j].strip():
            assert not result.ok  # a renamed column is missing, and the new one is extra


@BOUNDED
@given(data=st.data(), base=st.sampled_from(BASES), action=st.sampled_from(["drop", "dup", "add"]))
def test_column_changes_are_reported(data, base, action):
    name = data.draw(st.sampled_from(CSV_FILES[base]), label="file")
    with package(base) as pkg:
        rows = read_rows(pkg / name)
        j = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
        for r in rows:
            if action == "drop":
                del r[j]
            elif action == "dup":
                r.append(r[j])
            else:
                r.insert(j, "extra" if r is rows[0] else "x")
        write_rows(pkg / name, rows)
        result = check(load_package(pkg))
        assert not result.ok
        assert any(p.file == name and p.row == 1 for p in result.errors)


@BOUNDED
@given(data=st.data(), base=st.sampled_from(BASES))
def test_column_order_does_not_matter(data, base):
    name = data.draw(st.sampled_from(CSV_FILES[base]), label="file")
    with package(base) as pkg:
        rows = read_rows(pkg / name)
        order = data.draw(st.permutations(range(len(rows[0]))), label="order")
        write_rows(pkg / name, [[r[k] for k in order] for r in rows])
        result = check(load_package(pkg))
        assert result.ok, [str(p) for p in result.errors]


@BOUNDED
@given(base=st.sampled_from(BASES), data=st.data())
def test_line_ends_and_trailing_blank_lines_do_not_matter(base, data):
    names = data.draw(st.sets(st.sampled_from(CSV_FILES[base]), min_size=1), label="files")
    ending = data.draw(st.sampled_from(["\r\n", "\r", "\n"]), label="line end")
    trailing = data.draw(st.sampled_from(["", "\n", "\n\n\n"]), label="trailing")
    with package(base) as pkg:
        expected = load_package(pkg)
        for name in names:
            text = (pkg / name).read_text(encoding="utf-8")
            (pkg / name).write_text(text.replace("\n", ending) + trailing, newline="")
        result = check(load_package(pkg))
        assert result.ok
        assert [str(p) for p in result.problems] == [str(p) for p in expected.problems]


# -- the descriptor ---------------------------------------------------------------------------


def json_paths(doc: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from json_paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from json_paths(v, (*prefix, i))


DESCRIPTORS = {base: json.loads((base / "datapackage.json").read_text()) for base in BASES}
PATHS = {base: [p for p in json_paths(doc) if p] for base, doc in DESCRIPTORS.items()}

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(TRICKY),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _edit(doc: Any, path: tuple, fn: Callable[[Any, Any], None]) -> None:
    target = doc
    for key in path[:-1]:
        target = target[key]
    fn(target, path[-1])


@BOUNDED
@given(
    data=st.data(),
    base=st.sampled_from(BASES),
    action=st.sampled_from(["set", "delete", "rename"]),
    value=json_values,
)
def test_any_descriptor_change_loads_or_is_reported(data, base, action, value):
    path = data.draw(st.sampled_from(PATHS[base]), label="path")
    doc = json.loads(json.dumps(DESCRIPTORS[base]))

    def change(target: Any, key: Any) -> None:
        if action == "set":
            target[key] = value
        elif action == "delete":
            del target[key]
        elif isinstance(target, dict):
            target[str(value)[:10] or "_"] = target.pop(key)
        else:
            target[key] = value

    _edit(doc, path, change)
    with package(base) as pkg:
        (pkg / "datapackage.json").write_text(json.dumps(doc), encoding="utf-8")
        check(load_package(pkg))


# -- bytes ----------------------------------------------------------------------------------


@BOUNDED
@given(
    data=st.data(),
    base=st.sampled_from(BASES),
    action=st.sampled_from(["flip", "insert", "delete", "truncate"]),
    junk=st.binary(min_size=1, max_size=8),
)
def test_any_byte_change_loads_or_is_reported(data, base, action, junk):
    names = ["datapackage.json", *CSV_FILES[base]]
    name = data.draw(st.sampled_from(names), label="file")
    with package(base) as pkg:
        raw = bytearray((pkg / name).read_bytes())
        at = data.draw(st.integers(0, len(raw) - 1), label="offset")
        if action == "flip":
            raw[at] ^= junk[0]
        elif action == "insert":
            raw[at:at] = junk
        elif action == "delete":
            del raw[at : at + len(junk)]
        else:
            del raw[at:]
        (pkg / name).write_bytes(bytes(raw))
        check(load_package(pkg))


@settings(
    max_examples=max(EXAMPLES // 2, 1), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.data(), junk=st.binary(min_size=1, max_size=16))
def test_a_damaged_zip_loads_or_is_reported(data, junk):
    import zipfile

    with tempfile.TemporaryDirectory() as tmp:
        z = Path(tmp) / "package.zip"
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(MINIMAL.iterdir()):
                zf.write(f, f.name)
        raw = bytearray(z.read_bytes())
        at = data.draw(st.integers(0, len(raw) - 1), label="offset")
        raw[at : at + len(junk)] = junk
        z.write_bytes(bytes(raw))
        check(load_package(z))


# -- the pieces on their own ---------------------------------------------------------------------


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(st.binary(max_size=400))
def test_read_table_takes_any_bytes(data):
    result = read_table(data, "x.csv", schema_for("observations"))
    for p in result.problems:
        assert p.file == "x.csv" and p.message


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(st.text(alphabet="{}()+-*/.0123456789eE abc_", max_size=60))
def test_formulas_evaluate_or_are_refused(formula):
    values = {"a": 1.5, "b": -2.0, "c": 0.0}
    try:
        value, expression = evaluate(formula, values, fmt_number)
    except FormulaError as exc:
        assert str(exc)
    else:
        assert value == value and abs(value) != float("inf")
        assume(expression)
