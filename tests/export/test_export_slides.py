"""The slides as files: ``export png OUTDIR --slides`` (one image a slide) and
``export pdf OUT.pdf --slides`` (the deck as a vector PDF)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, load_briefing, run_python
from slides_legible import FLOORS, LABEL_KINDS, free_deleted

from briefing_app.render.slides.deck import build_deck
from briefing_app.render.themes import load_theme

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_export_png_slides_from_the_command_line(qapp, tmp_path):
    out = tmp_path / "slides"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "briefing_app", "export", "png", str(out), "--slides"]
    cmd += ["--theme", "projector", "--size", "1024x768", "--package", str(MINIMAL)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    files = sorted(out.glob("*.png"))
    deck = build_deck(load_briefing(MINIMAL), load_theme("projector"), 1024, 768)
    assert len(files) == len(deck)
    assert files[0].name.startswith("01-")
    from PySide6.QtGui import QImage

    img = QImage(str(files[1]))
    assert (img.width(), img.height()) == (1024, 768)


# -- the slides as a PDF ------------------------------------------------------------------------

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftohtml") is None,
    reason="poppler's pdftotext and pdftohtml are not installed",
)


def _export_slides(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "deck.pdf"
    r = run_python(
        "-m", "briefing_app", "export", "pdf", str(out), "--slides", "--theme", "projector", *extra
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(out)
    return out


def _em_per_box(pdf: Path) -> float:
    """A word box's height over its font's size: (ascent - descent) of the fonts the PDF
    embeds, the largest (so the font size read from a box is the smallest it can be)."""
    data = pdf.read_bytes()
    spans = [
        (float(a) - float(d)) / 1000
        for a, d in re.findall(rb"/Ascent\s+([-\d.]+)\s*/Descent\s+([-\d.]+)", data)
    ]
    assert spans, "no font descriptor in the PDF"
    return max(spans)


def _words(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Each page's width, height and words (x0, y0, x1, y1, text), from pdftotext."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        words = [
            (float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                r'yMax="([\d.]+)">(.*?)</word>',
                m.group(3),
            )
        ]
        pages.append((float(m.group(1)), float(m.group(2)), words))
    return pages


def _bands(view) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The kind of text ("title", "body", "footer") each label of a slide view holds, with
    its rectangle in the slide's pixels."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QLabel

    out = []
    for lab in view.findChildren(QLabel):
        kind = LABEL_KINDS.get(lab.objectName())
        if kind and lab.text() and lab.isVisibleTo(view):
            at = lab.mapTo(view, QPoint(0, 0))
            out.append((kind, (at.x(), at.y(), at.x() + lab.width(), at.y() + lab.height())))
    return out


@needs_poppler
@pytest.mark.parametrize("size", ["1920x1080", "1024x768"])
def test_the_slides_pdf_reads_from_the_back_of_the_room(qapp, tmp_path, size):
    """Word boxes measured in the PDF: titles >= 6 % of the page's height, body >= 4.4 %,
    the footer line >= 2.5 %, everything else >= 3.3 %; a page a slide at its ratio."""
    from briefing_app.render.labels import load_fonts
    from briefing_app.render.slides.layout import Metrics
    from briefing_app.render.slides.view import SlideView

    load_fonts()
    pdf = _export_slides(tmp_path, "--size", size)
    w, h = (int(v) for v in size.split("x"))
    b = load_briefing(None)
    theme = load_theme("projector")
    deck = build_deck(b, theme, w, h)
    pages = _words(pdf)
    assert len(pages) == len(deck)
    ratio = _em_per_box(pdf)
    m = Metrics(theme, w, h)
    problems = []
    for k, (slide, (pw, ph, words)) in enumerate(zip(deck, pages, strict=True)):
        assert abs(pw / ph - w / h) < 0.01 and abs(ph - 540) < 0.5
        view = SlideView(slide, b, theme, m)
        bands = _bands(view)
        view.deleteLater()
        free_deleted()
        assert words, f"page {k + 1} has no text"
        for x0, y0, x1, y1, text in words:
            em = (y1 - y0) / ratio / ph  # the word's font size, as a share of the page
            cx, cy = (x0 + x1) / 2 * w / pw, (y0 + y1) / 2 * h / ph
            kinds = [kd for kd, (a, c, e, f) in bands if a <= cx <= e and c <= cy <= f]
            kind = kinds[0] if kinds else "other"
            if em < FLOORS[kind] * 0.995:  # a point's rounding in the PDF's text matrix
                problems.append(f"page {k + 1}: {kind} word {text!r} is {em:.2%} high")
    assert not problems, "\n".join(problems[:30])
    # the main deck's first page: its title and the figure of its message are there
    first = " ".join(t for *_, t in pages[1][2])
    assert "45,720" in first and "General" in first


@needs_poppler
def test_the_slides_pdf_bookmarks_the_main_deck_the_backup_slides_and_the_appendix(qapp, tmp_path):
    pdf = _export_slides(tmp_path)
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(pdf)], capture_output=True, text=True
    ).stdout
    outline = xml[xml.index("<outline>") :]
    # the top level of the outline: items not inside a nested <outline>
    top, depth = [], 0
    for line in outline.splitlines():
        depth += line.count("<outline>") - line.count("</outline>")
        m = re.match(r'<item page="(\d+)">(.*?)</item>', line)
        if m and depth == 1:
            top.append(m.groups())
    names = [html.unescape(t) for _, t in top]
    b = load_briefing(None)
    deck = build_deck(b, load_theme("projector"), 1920, 1080)
    main = [s for s in deck if not s.is_backup]
    assert names[0] == "Main deck" and top[0][0] == "1"
    backed = [f"Backup: {t.title}" for t in b.tabs if t.kind != "sources"]
    assert names[1:-1] == backed
    assert names[-1] == "Appendix: Sources"
    # each part opens on its first slide; the main deck lists its slides by title
    for page, name in top[1:]:
        first = deck[int(page) - 1]
        assert first.is_backup and name.endswith(b.tabs[first.tab_index].title)
    items = re.findall(r'<item page="(\d+)">(\d+)\. (.*?)</item>', outline)
    assert [int(p) for p, *_ in items] == list(range(1, len(deck) + 1))
    assert len([i for i in items if int(i[0]) <= len(main)]) == len(main) <= 15
    assert html.unescape(items[1][2]).startswith(main[1].heading)


def test_slides_options_go_together(tmp_path):
    out = tmp_path / "x.pdf"
    r = run_python("-m", "briefing_app", "export", "pdf", str(out), "--size", "1280x720")
    assert r.returncode == 1 and "--size" in r.stderr and "--slides" in r.stderr
    r = run_python("-m", "briefing_app", "export", "pdf", str(out), "--slides", "--notes")
    assert r.returncode == 1 and "--notes" in r.stderr and "Traceback" not in r.stderr
    r = run_python("-m", "briefing_app", "export", "pdf", str(out), "--slides", "--size", "big")
    assert r.returncode == 1 and "WIDTHxHEIGHT" in r.stderr
    assert not out.exists() and not list(tmp_path.glob(".*part"))
