"""The handout opens with a one-page summary from the plan (title, as-of date, caveat,
each tab's takeaway and its sources, the checks whose figures disagree); the package's
facts and checksum come after it; the source list names sources, never their ids."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import load_briefing, run_python
from PySide6.QtGui import QImage

from briefing_app.content.plan import plan_of
from briefing_app.render.handout import layout_handout, tab_sources
from briefing_app.render.themes import load_theme

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> list[str]:
    """The text of each page of the bundled briefing's handout."""
    if shutil.which("pdftotext") is None:
        pytest.skip("no pdftotext")
    out = tmp_path_factory.mktemp("handout") / "handout.pdf"
    r = run_python("-m", "briefing_app", "export", "pdf", str(out))
    assert r.returncode == 0, r.stderr
    text = subprocess.run(
        ["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [_flat(page) for page in text.split("\f")]


def test_the_summary_is_one_page_and_the_facts_follow(qapp):
    b = load_briefing(None)
    device = QImage(10, 10, QImage.Format.Format_ARGB32)
    lay, _, _ = layout_handout(b, load_theme("screen"), device, 96)
    assert [p.kind for p in lay.pages[:3]] == ["title", "about", "tab"]


@needs_pdftotext
def test_page_one_is_the_summary(handout):
    b = load_briefing(None)
    plan = plan_of(b)
    first = handout[0]
    for text in (b.title, "As of 10 Dec 2024", b.caveat):
        assert _flat(text) in first
    for tp in plan.tabs:
        assert _flat(tp.takeaway) in first, tp.id
        for name in tab_sources(tp):
            assert _flat(name) in first, (tp.id, name)
    found = plan.findings()
    assert len(found) == 8
    for _tab, block in found:
        assert _flat(block.title) in first
        verdict = next(ln.text for ln in block.lines if ln.role == "body")
        assert _flat(verdict) in first
    # the package's facts wait for page two
    assert b.checksum not in first and "Package:" not in first
    assert b.checksum in handout[1] and "Package: ukraine-2024-12" in handout[1]


@needs_pdftotext
def test_the_source_list_names_every_source_and_shows_no_ids(handout):
    b = load_briefing(None)
    text = " ".join(handout)
    ids = "|".join(map(re.escape, b.sources))
    assert not re.search(rf"\[({ids})\]", text), "a source's internal id"
    listing = text[text.rindex("Every source of this briefing") :]
    for k, src in enumerate(b.sources.values(), start=1):
        assert f"{k}. {_flat(src.name)}:" in listing
    assert "more" not in re.sub(r"more (than|would)", "", listing)
