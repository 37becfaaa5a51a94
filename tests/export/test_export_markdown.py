"""``briefing-app export md``: the whole briefing as Markdown, from the plan.

Every item of every tab in the plan's order, both numbers of every check, every source's
citation; package text shown literally (no Markdown or HTML of its own); the export's
overwrite and error rules; no Qt.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FULL, MINIMAL, ROOT, derive_package, export, leftovers, load_briefing
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.content.chartdata import figures
from briefing_app.content.plan import plan_of
from briefing_app.content.text import FSI, PDI, cite_briefing, clean
from briefing_app.export import markdown as md
from briefing_app.export.atomic import ExportError
from briefing_app.model.fmt import fmt_date
from briefing_app.model.loader import load_package

try:
    from markdown_it import MarkdownIt
except ImportError:  # pragma: no cover - the escaping rules are checked directly too
    MarkdownIt = None


# -- reading the output back ----------------------------------------------------------------


def to_html(text: str) -> str:
    """CommonMark, with raw HTML on and GitHub's tables and strikethrough."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"):
            self.text.append("\n")

    def handle_data(self, data):
        self.text.append(data)


def read_html(text: str) -> tuple[str, set[str]]:
    """The text a reader of the rendered Markdown sees, and the HTML elements used."""
    r = _Reader()
    r.feed(text)
    return "".join(r.text), set(r.tags)


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(text: str) -> str:
    """The text of Markdown as a reader sees it: rendered where a converter is installed,
    else with the backslash escapes taken off."""
    if MarkdownIt is not None:
        return read_html(to_html(text))[0]
    return html.unescape(_ESCAPED.sub(r"\1", text))


def words(text: str) -> str:
    """*text* as `clean` shows it, whitespace runs as one space, isolates dropped."""
    return " ".join(clean(text).replace(FSI, "").replace(PDI, "").split())


class Reader:
    """Finds texts in order in the output."""

    def __init__(self, markdown: str) -> None:
        self.text = words(shown(markdown))
        self.pos = 0

    def after(self, needle: str, what: str = "") -> int:
        needle = words(needle)
        k = self.text.find(needle, self.pos)
        assert k >= 0, f"{what or 'text'} not found after position {self.pos}: {needle[:90]!r}"
        self.pos = k + len(needle)
        return k


# -- content ----------------------------------------------------------------------------------


def test_every_item_of_every_tab_in_the_plan_s_order_with_every_line(reference_briefing):
    b = reference_briefing
    text = md.markdown(b)
    r = Reader(text)
    r.after(b.title, "title")
    for tp in plan_of(b).tabs:
        r.after(tp.title, f"tab {tp.id}")
        if tp.takeaway:
            r.after(tp.takeaway, f"takeaway of {tp.id}")
        for section in tp.sections:
            if section.title:
                r.after(section.title, f"section {section.key} of {tp.id}")
            for block in section.blocks:
                for one in (block, *block.attached):
                    start = r.after(one.title, f"{one.kind} {one.id} of {tp.id}")
                    r.pos = start
                    for ln in one.lines:
                        r.after(ln.text.removeprefix("• "), f"a line of {one.kind} {one.id}")
                    if one.chart is not None:
                        r.pos = start
                        for f in figures(one.chart, md.MAX_LISTED):
                            r.after(f.text, f"figures of chart {one.id}")
                    for badge, _tone in one.badges:
                        assert f"**{badge}**" in text, badge
    assert sum(len(tp.items()) for tp in plan_of(b).tabs) > 0


def test_both_numbers_of_every_check_every_citation_and_the_title_page(reference_briefing):
    b = reference_briefing
    raw = md.markdown(b)
    text = words(shown(raw))
    for c in b.checks.values():  # every check of these packages is on a tab
        assert words(c.verdict()) in text, c.id
        if c.reported is not None:
            assert words(c.reported_text) in text
        assert words(c.computed_text) in text
    for s in b.sources.values():
        assert words(s.citation()) in text, s.id
    for fact in (b.subtitle, fmt_date(b.as_of), b.caveat, b.version, b.checksum):
        assert words(fact) in text
    assert words(cite_briefing(b)) in text
    head = raw[: raw.index("\n" + md.heading(b.tabs[0].title, 2) + "\n")]
    for fact in (b.checksum, fmt_date(b.as_of), b.version):
        assert fact in head  # before the first tab


def test_speaker_notes_only_when_asked_for(reference_briefing):
    b = reference_briefing
    noted = [t for t in b.tabs if t.notes]
    if not noted:
        pytest.skip("no speaker notes in this package")
    without, with_notes = md.markdown(b), md.markdown(b, notes=True)
    for t in noted:
        assert words(t.notes) not in words(shown(without))
        assert words(t.notes) in words(shown(with_notes))
    assert "Speaker notes" not in without and "### Speaker notes" in with_notes


# -- package text is data ---------------------------------------------------------------------

#: Markdown (and HTML) a package could carry, each to be shown as typed
MARKUP = (
    "*star* **bold** _under_ __dunder__ ***both***",
    "`code` ``double`` ```",
    "[link](https://evil.example) ![img](x.png) <https://evil.example> [ref]",
    "[ref]: https://evil.example",
    "# heading",
    "## two #",
    "1. one",
    "2) two",
    "- dash",
    "+ plus",
    "* star item",
    "> quoted",
    ">> nested",
    "| a | b |",
    "|---|---|",
    "&amp; &#169; &copy; &#x26; AT&T",
    "<b>bold</b> <!-- comment --> <?php x ?> <div>block</div> a < b",
    "---",
    "===",
    "***",
    "___",
    "    indented code",
    "~~strike~~ ~~~",
    "back\\slash\\",
    "\\*escaped\\*",
    "snake_case_name _x_ 2*3*4",
    "line ends in two spaces  ",
    "[^1]: footnote",
)
MULTI = "\n".join(MARKUP)


def make_markup_package(dest: Path) -> Path:
    """The hostile package of test_hostile_text with Markdown in every kind of field."""
    from hostile import edit_rows, make_hostile

    pkg = make_hostile(dest)
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    d["title"] = "# *Title* [x](y) <b>z</b> | 1. _u_"
    b = d["briefing"]
    b["subtitle"] = MARKUP[0] + " " + MARKUP[2]
    b["caveat"] = MULTI
    tab = b["tabs"][0]
    tab["takeaway"] = MULTI
    tab["notes"] = MULTI
    tab["charts"][0]["title"] = "1. " + MARKUP[2]
    tab["charts"][0]["caption"] = MULTI
    tab["charts"][0]["series"][0]["label"] = "- *series* _x_ [y](z) `c`"
    (pkg / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")

    edit_rows(pkg / "quotes.csv", text=MULTI, note=MULTI)
    edit_rows(pkg / "events.csv", title=f"# {MARKUP[0]} \u200f", description=MULTI)
    edit_rows(pkg / "checks.csv", note=MULTI)  # the title stays test_hostile_text's
    edit_rows(pkg / "sources.csv", publisher="*Pub* <i>", note=MULTI)
    return pkg


@pytest.fixture
def markup_briefing(tmp_path):
    result = load_package(str(make_markup_package(tmp_path / "markup")))
    assert result.ok, [str(p) for p in result.errors]
    return result.briefing


#: what the export's own structure uses; anything else came from package text
OWN_ELEMENTS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em"}
OWN_ELEMENTS |= {"blockquote", "br"}


@pytest.mark.skipif(MarkdownIt is None, reason="no Markdown converter installed")
def test_package_text_renders_literally_and_makes_no_markup(markup_briefing):
    b = markup_briefing
    text = md.markdown(b, notes=True)
    shown_text, elements = read_html(to_html(text))
    assert elements <= OWN_ELEMENTS, elements - OWN_ELEMENTS
    seen = words(shown_text)
    for literal in (*MARKUP, MULTI, b.title, b.tabs[0].charts[0].title):
        assert words(literal) in seen, literal
    from hostile import CHECK, HTML, LONG, QUOTE, SOURCE_TITLE, SPEAKER

    for literal in (HTML, LONG, SPEAKER, CHECK, SOURCE_TITLE):
        assert words(literal) in seen, literal[:60]
    assert words(QUOTE) not in seen  # the quote's text was replaced by MULTI above
    # a cell's lines stay lines: a break inside the paragraph, not a new paragraph
    takeaway = re.search(r"<p><strong>Takeaway:</strong>(.*?)</p>", to_html(text), re.S)
    assert takeaway and takeaway.group(1).count("<br />") == len(MARKUP) - 1


def test_escaping_rules_hold_line_by_line(markup_briefing):
    """Without a converter: no unescaped character that starts markup, and no line of
    package text that starts a block."""
    text = md.markdown(markup_briefing, notes=True)
    for line in text.split("\n"):
        body = re.sub(r"^(?:#{1,6} |> |\s*(?:- |\d+\. ))", "", line)  # the export's blocks
        body = re.sub(r"^\*\*(?:\\.|[^*\\])+:\*\* ", "", body)  # a label
        body = body.replace("** · **", "")  # between badges
        body = re.sub(r"^\*\*|\*\*$|^\*|\*$|\\$", "", body)  # emphasis, a line break
        unescaped = re.sub(r"\\.", "", body)  # drop every escaped character
        assert not re.search(r"[`*\[\]|~#]|<[A-Za-z/!?]", unescaped), line
        assert not re.search(r"(?<!\\)&#?\w+;", body), line
        assert not re.match(r"\s*(\d{1,9}[.)](\s|$)|[-+](\s|$)|>|[-=]+\s*$)", body), line


def test_controls_dropped_and_right_to_left_text_isolated(markup_briefing):
    from hostile import BELL, RLM, RTL

    text = md.markdown(markup_briefing)
    assert BELL not in text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
    assert RTL in text and RLM in text
    for line in text.split("\n"):
        depth = 0
        for ch in line:
            depth += (ch == FSI) - (ch == PDI)
            if ch in (RTL, RLM):
                assert depth > 0, f"bidi control outside an isolate: {line!r}"
        assert depth == 0, line


def test_escape_examples():
    cases = {
        "1. one": r"1\. one",
        "2) two": r"2\) two",
        "1.5 million": "1.5 million",
        "- dash": r"\- dash",
        "-5 people": "-5 people",
        "+ plus": r"\+ plus",
        "> q": r"\> q",
        "a > b < c": "a > b < c",
        "<b>": r"\<b>",
        "---": r"\---",
        "=": r"\=",
        "# h": r"\# h",
        "*x*": r"\*x\*",
        "_x_ a_b": r"\_x\_ a_b",
        "`c`": r"\`c\`",
        "[x](y)": r"\[x\](y)",
        "a|b": r"a\|b",
        "~~s~~": r"\~\~s\~\~",
        "&amp; & b": r"\&amp; & b",
        "back\\": "back\\\\",
    }
    for raw, escaped in cases.items():
        assert md.escape(raw) == escaped, raw


_TOKENS = ("&amp;", "&#169;", "1. ", "<b>", "</i>", "<!-- c -->", "<https://x.example>")
_ALPHABET = st.sampled_from(
    [*"ab1 *_`#[]()!<>|~&;-+=.:\\\n\t\x07é/?", *_TOKENS, "[x](y)", "\n---\n", "\n# "]
)


@pytest.mark.skipif(MarkdownIt is None, reason="no Markdown converter installed")
@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_any_text_renders_as_itself(raw):
    expected = "\n".join(ln.strip() for ln in clean(raw).split("\n") if ln.strip())
    for markdown in (
        md.paragraph(raw),
        md.paragraph(raw, wrap="*"),
        md.paragraph(raw, prefix="> "),
        md.list_item("-", raw),
        md.list_item("10.", raw, lead="**Label:** "),
    ):
        got, elements = read_html(to_html(markdown))
        got = got.strip().removeprefix("Label: ")
        assert got == expected, (raw, markdown)
        assert elements <= OWN_ELEMENTS


# -- writing: the same rules as every export ---------------------------------------------------


def test_written_then_refused_then_forced(tmp_path):
    out = tmp_path / "briefing.md"
    r = export("md", str(out), "--package", str(MINIMAL))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(out)
    first = out.read_text(encoding="utf-8")
    assert first == md.markdown(load_briefing(MINIMAL))
    r = export("md", str(out), "--package", str(MINIMAL), "--notes")
    assert r.returncode == 1 and "already exists" in r.stderr and "--force" in r.stderr
    assert "Traceback" not in r.stderr
    assert out.read_text(encoding="utf-8") == first
    r = export("md", str(out), "--package", str(MINIMAL), "--notes", "--force")
    assert r.returncode == 0, r.stderr
    assert (
        out.read_text(encoding="utf-8") == md.markdown(load_briefing(MINIMAL), notes=True) != first
    )
    assert leftovers(tmp_path) == []


def test_a_folder_unwritable_or_missing_target_exits_1(tmp_path):
    r = export("md", str(tmp_path), "--package", str(MINIMAL))
    assert r.returncode == 1
    assert "is a folder" in r.stderr and str(tmp_path / "briefing.md") in r.stderr
    a_file = tmp_path / "plain-file"
    a_file.write_text("x")
    for target in (a_file / "out.md", tmp_path / "missing" / "out.md"):
        r = export("md", str(target), "--package", str(MINIMAL))
        assert r.returncode == 1 and "cannot write" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
    bad = derive_package(tmp_path / "bad", {"sources.csv": None})
    r = export("md", str(tmp_path / "bad.md"), "--package", str(bad))
    assert r.returncode == 1 and "not a valid briefing package" in r.stderr
    assert not (tmp_path / "bad.md").exists()
    r = export("md")
    assert r.returncode == 2
    assert leftovers(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "bad",
        "plain-file",
    ]


def test_a_failed_write_leaves_the_old_file_and_nothing_else(tmp_path, monkeypatch):
    b = load_briefing(MINIMAL)
    out = tmp_path / "briefing.md"
    out.write_text("old", encoding="utf-8")

    from briefing_app.export import atomic

    def failing(path, data):
        Path.write_text(path, "half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "write_checked", failing)
    with pytest.raises(ExportError, match=r"cannot write .*no space left"):
        md.write_markdown(b, out, force=True)
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.md"]


# -- no Qt -------------------------------------------------------------------------------------

PROBE = """
import json, sys, contextlib, io
from briefing_app.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["export", sys.argv[1], sys.argv[2], "--package", sys.argv[3]])
qt = {"PySide6", "pyqtgraph", "shiboken6"}
print(json.dumps({"code": code, "qt": sorted(m for m in sys.modules if m.split(".")[0] in qt)}))
"""


def _qt_free_formats() -> list[str]:
    from briefing_app.export.formats import FORMATS

    return [f.name for f in FORMATS if not f.qt]


@pytest.mark.parametrize("name", _qt_free_formats())
def test_a_format_registered_without_qt_imports_none_and_needs_no_display(name, tmp_path):
    assert "md" in _qt_free_formats()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    out = tmp_path / f"out.{name}"
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, name, str(out), str(FULL)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"code": 0, "qt": []}
    assert out.is_file()


@pytest.mark.skipif(MarkdownIt is None, reason="no Markdown converter installed")
@pytest.mark.parametrize("raw", ["--\t-", "-- -", "--  --", "- -\t-", "---", "== =", "* * *"])
def test_a_line_of_dashes_with_spaces_is_text_not_a_rule(raw):
    """Found by the property test above: "-- -" is a thematic break in CommonMark."""
    expected = " ".join(clean(raw).split())
    got, elements = read_html(to_html(md.paragraph(raw)))
    assert " ".join(got.split()) == expected
    assert elements <= OWN_ELEMENTS
