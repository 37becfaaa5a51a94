"""Cutting a flow of cards into slides (`content.slides.paginate`), without Qt: order kept,
headings with their blocks, a block too tall split at a word with a note, never an
endless loop; and the cards and words a slide may hold."""

from __future__ import annotations

import contextlib
import signal

import pytest

from briefing_app.content.blocks import Block, Line
from briefing_app.content.paginate import CONTINUED, CONTINUES, heading_block, paginate


def _fake_blocks(n: int, lines: int = 1) -> list[Block]:
    return [Block("check", tuple(Line(f"b{i} l{k}") for k in range(lines))) for i in range(n)]


def test_paginate_fills_columns_in_order_and_repeats_headings():
    blocks = [heading_block("Checks")]
    blocks += [Block("check", (Line(f"c{i}"),), section="Checks") for i in range(7)]

    def height(b: Block) -> float:
        return 10 if b.is_heading else 30

    pages = paginate(blocks, height, lambda page: 100, columns=2)
    flat = [b for page in pages for col in page for b in col]
    body = [b.lines[0].text for b in flat if not b.is_heading]
    assert body == [f"c{i}" for i in range(7)]  # nothing lost, order kept
    assert flat[0].lines[0].text == "Checks"
    assert pages[0][0][0].is_heading
    for page in pages:
        for col in page:
            assert sum(height(b) for b in col) <= 100
            assert not col[-1].is_heading  # a heading never ends a column
    second = pages[1][0][0]
    assert second.is_heading and second.lines[0].text == f"Checks {CONTINUED}"


def test_a_block_taller_than_a_column_is_split_with_a_note_not_clipped():
    words = [f"w{i}" for i in range(100)]
    long = Block("quote", (Line("Heading", "heading"), Line(" ".join(words))), (("x", "ok"),))

    def height(b: Block) -> float:
        return sum(len(ln.text) for ln in b.lines) / 2  # 2 characters per unit

    pages = paginate([long], height, lambda page: 80, columns=1)
    assert len(pages) > 1
    parts = [col[0] for page in pages for col in page if col]
    for part in parts:
        assert height(part) <= 80
    assert parts[0].lines[-1].text == CONTINUES
    assert parts[0].badges == (("x", "ok"),)
    assert all(p.lines[0].text == CONTINUED for p in parts[1:])
    text = " ".join(
        ln.text for p in parts for ln in p.lines if ln.text not in (CONTINUES, CONTINUED)
    )
    assert text.split() == ["Heading", *words]  # every word, once, in order


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Fail (not hang) when pagination does not end: SIGALRM, so Linux and macOS only."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(*_args):
        raise TimeoutError(f"pagination did not end in {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _wrapping_height(chars_per_line: int = 40, line_height: float = 10.0):
    """A measure like a card's: each line wraps every *chars_per_line* characters."""

    def height(b: Block) -> float:
        return sum(-(-max(1, len(ln.text)) // chars_per_line) * line_height for ln in b.lines)

    return height


def _shown_text(pages) -> str:
    """The text of every card part, in reading order, without markers and spaces."""
    parts = [b for page in pages for col in page for b in col if not b.is_heading]
    text = "".join(
        ln.text for p in parts for ln in p.lines if ln.text not in (CONTINUES, CONTINUED)
    )
    return text.replace(" ", "")


def _word(n: int, seed: int = 0) -> str:
    """*n* characters in an order that a lost or swapped piece would show."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(alphabet[(seed + i * 7 + i // 36) % len(alphabet)] for i in range(n))


@pytest.mark.parametrize("capacity", [80, 300, 15])
def test_a_5000_character_word_is_cut_across_slides_without_losing_a_character(capacity):
    word = _word(5000)
    quote = Block(
        "quote", (Line(f"“{word}”", "quote"), Line("— Someone", "muted")), section="Quotes"
    )
    blocks = [heading_block("Quotes"), quote]
    with _time_limit(20):
        pages = paginate(blocks, _wrapping_height(), lambda page: capacity, columns=2, gap=2)
    assert 1 < len(pages) <= 5000
    assert _shown_text(pages) == f"“{word}”—Someone"


def test_twenty_long_words_are_cut_in_order():
    words = [_word(400 + 37 * k, seed=k) for k in range(20)]
    quote = Block("quote", (Line("Heading", "heading"), Line(" ".join(words), "quote")))
    with _time_limit(20):
        pages = paginate([quote], _wrapping_height(), lambda page: 120, columns=1)
    assert len(pages) > 1
    assert _shown_text(pages) == "Heading" + "".join(words)
    parts = [b for page in pages for col in page for b in col]
    assert all(p.lines[-1].text == CONTINUES for p in parts[:-1])
    assert all(p.lines[0].text == CONTINUED for p in parts[1:])


def test_pagination_ends_even_when_nothing_fits():
    word = _word(5000)
    blocks = [heading_block("Quotes"), Block("quote", (Line(word),), section="Quotes")]
    for height in (lambda b: 1000.0, lambda b: 0.0 if b.is_heading else 1000.0):
        with _time_limit(20):
            pages = paginate(blocks, height, lambda page: 80, columns=2)
        assert pages and len(pages) <= 300
        assert _shown_text(pages) == word
    # a column no taller than a heading
    with _time_limit(20):
        pages = paginate(blocks, lambda b: 10.0, lambda page: 10, columns=1)
    assert _shown_text(pages) == word


def test_a_page_holds_at_most_max_cards_cards_and_max_words_words():
    blocks = [Block("check", (Line(" ".join(["w"] * 10)),), id=f"c{i}") for i in range(7)]
    pages = paginate(blocks, lambda b: 10, lambda page: 1000, columns=1, max_cards=3)
    assert [len(p[0]) for p in pages] == [3, 3, 1]
    pages = paginate(blocks, lambda b: 10, lambda page: 1000, columns=1, max_words=25)
    assert [len(p[0]) for p in pages] == [2, 2, 2, 1]
    # a block over the word budget on its own still gets a page
    big = [Block("check", (Line(" ".join(["w"] * 60)),), id="big"), *blocks[:1]]
    pages = paginate(big, lambda b: 10, lambda page: 1000, columns=1, max_words=25)
    assert [len(p[0]) for p in pages] == [1, 1]
