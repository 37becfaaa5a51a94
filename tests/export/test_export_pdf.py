"""The handout PDF: pages, text with figures and their sources, vector charts, hostile text.

Expectations come from the loaded model, not from numbers written here, so the tests
hold for the fixtures and for the bundled briefing alike.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FULL, MINIMAL, derive_package
from PySide6.QtGui import QImage

from briefing_app.content.chartdata import chart_data
from briefing_app.export.pdf import write_pdf
from briefing_app.export.png import image_is_blank
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date, fmt_number
from briefing_app.model.loader import load_package
from briefing_app.render.themes import load_theme
from briefing_app.ui.style import apply_theme

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def _load(path) -> Briefing:
    result = load_package(path)
    if path is None and not result.ok:
        pytest.skip("the bundled briefing does not validate at the moment")
    assert result.ok, [str(p) for p in result.errors]
    return result.briefing


def _text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    out = subprocess.run([*cmd, str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def _flat(text: str) -> str:
    """Text without whitespace and hyphens: lines may break anywhere in long runs, and
    pdftotext drops the hyphen at the end of a line ("uk-intelligence-" + "reports")."""
    return re.sub(r"[\s\-]+", "", text)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


@pytest.fixture(scope="module", params=["minimal", "full", "bundled"])
def handout(request, qapp, tmp_path_factory):
    path = {"minimal": MINIMAL, "full": FULL, "bundled": None}[request.param]
    b = _load(path)
    theme = load_theme("screen")
    apply_theme(qapp, theme)
    out = tmp_path_factory.mktemp("pdf") / "handout.pdf"
    report = write_pdf(b, theme, out, notes=True)
    return b, out, report


def test_pages_are_summary_facts_then_each_tab_then_sources(handout):
    b, pdf, report = handout
    tab_pages = sum(len(p) for p in report.tab_pages.values())
    # the summary (page 1), the package's facts and contents (page 2), tabs, sources
    assert _pages(pdf) == len(report.pages) == 2 + tab_pages + len(report.source_pages)
    assert list(report.tab_pages) == [t.id for t in b.tabs]  # every tab, in order
    starts = [p[0] for p in report.tab_pages.values()]
    assert starts == sorted(starts) and starts[0] == 3
    assert report.source_pages and report.source_pages[-1] == len(report.pages)


def test_minimal_has_one_page_per_tab(qapp, tmp_path):
    b = _load(MINIMAL)
    out = tmp_path / "m.pdf"
    report = write_pdf(b, load_theme("screen"), out)
    assert _pages(out) == 2 + len(b.tabs) + 1
    assert all(len(p) == 1 for p in report.tab_pages.values())


def test_title_page_has_title_as_of_caveat_then_version_checksum(handout):
    b, pdf, _ = handout
    flat = _flat(_text(pdf, 1, 1))
    assert _flat(b.title) in flat
    assert _flat(fmt_date(b.as_of)) in flat
    if b.caveat:
        assert _flat(b.caveat) in flat
    # the package's facts and the contents follow the summary, on page two
    about = _flat(_text(pdf, 2, 2))
    assert _flat(b.version) in about
    assert b.checksum in about
    for t in b.tabs:
        assert _flat(t.title) in about  # contents


def test_every_headline_figure_is_on_its_tab_pages_with_its_source(handout):
    b, pdf, report = handout
    for tab in b.tabs:
        pages = report.tab_pages[tab.id]
        flat = _flat(_text(pdf, pages[0], pages[-1]))
        for chart in tab.charts:
            frame = chart_data(b, chart).table
            assert _flat(chart.title) in flat
            for _, row in frame.iterrows():
                value = row["share"] if "share" in frame.columns else row["value"]
                assert _flat(fmt_number(value)) in flat, (chart.id, value)
                assert _flat(row["attribution"]) in flat, (chart.id, row["attribution"])
        for cid in tab.checks:
            check = b.checks[cid]
            assert _flat(check.title) in flat
            assert _flat(check.verdict()) in flat
        for qid in tab.quotes:
            q = b.quotes[qid]
            assert _flat(q.speaker) in flat
            assert _flat(q.text) in flat
        if tab.notes:
            assert _flat(tab.notes) in flat  # written with notes=True


def test_each_page_lists_its_numbered_source_notes(handout):
    b, pdf, report = handout
    for tab in b.tabs:
        if not tab.charts:
            continue
        page = report.tab_pages[tab.id][0]
        text = _text(pdf, page, page)
        assert "[1]" in text
        note = re.search(r"^\[1\] (.+)$", text, re.M)
        assert note, "the note [1] is at the foot of the page"
        # the note carries a full citation of a source used on the page
        flat = _flat(text)
        assert any(_flat(s.citation()) in flat for s in b.sources.values())


def test_sources_pages_give_every_full_citation(handout):
    b, pdf, report = handout
    pages = report.source_pages
    flat = _flat(_text(pdf, pages[0], pages[-1]))
    for s in b.sources.values():
        assert _flat(s.citation()) in flat, s.id
    assert b.checksum in flat
    if b.licence:
        assert _flat(b.licence) in flat


def test_charts_are_vector_graphics_not_pictures(handout):
    _, pdf, _ = handout
    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages is not installed")
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    rows = [line for line in out.stdout.splitlines()[2:] if line.strip()]
    assert rows == [], "charts must be painted as vectors, not embedded as images"


def test_pages_render_and_are_not_blank(handout, tmp_path):
    _, pdf, report = handout
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    first_tab = next(iter(report.tab_pages.values()))[0]
    cmd = ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", str(first_tab)]
    subprocess.run([*cmd, str(pdf), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == first_tab
    for path in images:
        assert not image_is_blank(QImage(str(path))), path.name


def test_without_notes_the_speaker_notes_are_left_out(qapp, tmp_path):
    b = _load(MINIMAL)
    out = tmp_path / "n.pdf"
    write_pdf(b, load_theme("screen"), out, notes=False)
    notes = [t.notes for t in b.tabs if t.notes]
    assert notes
    flat = _flat(_text(out))
    assert all(_flat(n) not in flat for n in notes)


def test_hostile_text_is_literal_and_wraps(qapp, tmp_path):
    long_word = "Sehr" + "lang" * 60 + "Ende"
    hostile = f"<b>bold?</b> &amp; <script>x</script> \u202eevil\u202c {long_word}"
    pkg = derive_package(
        tmp_path / "pkg",
        {
            "quotes.csv": lambda t: t.replace("<b>Not bold</b> & stays literal", hostile),
            "sources.csv": lambda t: t.replace("Example article", "ك<i>عربى</i>\u200f title"),
        },
    )
    b = _load(pkg)
    out = tmp_path / "h.pdf"
    report = write_pdf(b, load_theme("screen"), out)
    page = report.tab_pages[b.tabs[0].id]
    text = _text(out, page[0], page[-1])
    flat = _flat(text)
    assert "<b>bold?</b>" in text
    assert "&amp;" in text and "<script>x</script>" in text
    assert long_word in flat  # all of it, broken across lines
    assert max(len(line) for line in text.splitlines()) < len(long_word)
    sources = _text(out, report.source_pages[0], report.source_pages[-1])
    # right-to-left text comes back in visual order, but the markup is there, literally
    assert "<" in sources and "/i>" in sources and "title" in sources


def test_dark_theme_writes_too(qapp, tmp_path):
    b = _load(MINIMAL)
    out = tmp_path / "d.pdf"
    write_pdf(b, load_theme("projector-dark"), out)
    assert _pages(out) >= 3
    assert _flat(b.title) in _flat(_text(out, 1, 1))
