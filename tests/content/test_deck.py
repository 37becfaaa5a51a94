"""The deck without Qt: a main deck of one message a slide, backup slides of everything
else, the slide form of each kind of block."""

from __future__ import annotations

import pytest
from conftest import FULL, edit_json, load_briefing

from briefing_app.content.deckplan import DEFAULT_CHECKS, tab_deck
from briefing_app.content.plan import plan_of
from briefing_app.content.slide_forms import FIGURES, check_figures, slide_form
from briefing_app.content.slides import MAX_CARDS, deck_sections
from briefing_app.model import kinds
from briefing_app.model.loader import load_package


@pytest.fixture(scope="module")
def bundled():
    return load_briefing(None)


def _items(sections) -> list[tuple[str, str]]:
    out = []
    for s in sections:
        if s.block is not None:
            out.append((s.block.kind, s.block.id))
        if s.side is not None:
            out.append((s.side.kind, s.side.id))
        out += [(b.kind, b.id) for b in s.blocks if b.is_item]
    return out


@pytest.mark.parametrize("which", ["bundled", "full", "minimal"])
def test_every_item_of_the_package_is_on_a_main_or_a_backup_slide(which):
    from conftest import MINIMAL

    b = load_briefing({"bundled": None, "full": FULL, "minimal": MINIMAL}[which])
    held = {(k.singular, i) for k in kinds.ITEM_KINDS for i in getattr(b, k.key)}
    held |= {("chart", c.id) for tp in plan_of(b).tabs for c in (x.chart for x in tp.charts)}
    shown = _items(deck_sections(b))
    assert set(shown) == held
    # once for each tab that lists it
    assert sorted(shown) == sorted(r for tp in plan_of(b).tabs for r in tp.items())


def test_the_bundled_main_deck_tells_each_tab_in_at_most_three_slides(bundled):
    sections = deck_sections(bundled)
    main = [s for s in sections if s.part in ("title", "main", "closing")]
    assert len(main) <= 15
    assert [s.part for s in sections[: len(main)]] == [s.part for s in main]  # main first
    for i, tab in enumerate(bundled.tabs):
        assert 1 <= sum(s.tab_index == i for s in main) <= 3, tab.id
    for s in main:
        assert s.kind != "cards" or len(s.blocks) <= MAX_CARDS
        if s.kind in ("chart", "cards"):  # the package's title: the message in words
            listed = {m.title for t in bundled.tabs for m in t.main or ()}
            assert s.heading in listed, s.heading


def test_a_tab_without_a_main_list_gets_its_first_chart_and_failing_checks(bundled):
    plan = plan_of(bundled)
    tp = plan.tab(0)
    tab = tp.tab.__class__(**{**tp.tab.__dict__, "main": None})
    from briefing_app.content.plan import TabPlan

    deck = tab_deck(TabPlan(tab, tp.index, tp.sections))
    assert [b.id for b in deck.main[0].blocks] == [tp.charts[0].id]
    failing = [b.id for b in deck.main[1].blocks]
    assert failing == ["cas-article-sum", "cas-gs-sum", "cas-nov-vs-gs"][:DEFAULT_CHECKS]
    assert deck.main[1].title == "3 of 9 checks do not hold"
    # the rest waits on backup slides
    backup = {b.id for _, blocks in deck.sections for b in blocks}
    assert "cas-sep-vs-gs" in backup and "cas-article-sum" not in backup


def test_main_slides_follow_the_plans_order_whatever_the_list_says(make_package):
    def edit(doc: dict) -> None:
        doc["briefing"]["tabs"][0]["main"] = ["quote:q1", "chart:losses-monthly", "check:c1"]

    b = load_package(make_package({"datapackage.json": edit_json(edit)})).briefing
    main = [s for s in deck_sections(b) if s.part == "main" and s.tab_index == 0]
    assert _items(main) == [("chart", "losses-monthly"), ("check", "c1"), ("quote", "q1")]


def test_a_sources_tab_is_the_appendix_after_every_backup_slide(bundled):
    sections = deck_sections(bundled)
    parts = [s.part for s in sections]
    assert parts[-1] == "appendix"
    first = parts.index("appendix")
    assert set(parts[first:]) == {"appendix"} and "backup" in parts[:first]


def test_a_check_on_a_slide_is_its_figures_and_who_reported_it(bundled):
    block = next(
        b
        for tp in plan_of(bundled).tabs
        for s in tp.sections
        for b in s.blocks
        if b.id == "cas-article-sum"
    )
    form = slide_form(block)
    assert [ln.role for ln in form.lines] == ["heading", FIGURES, "source"]
    assert form.lines[1].text == "Reported 125,800 people · Computed 125,790 · −10 · does not hold"
    assert form.lines[2].text == "Reported by: ISW, reported by The Voice"
    assert form.item is block.item and form.id == block.id
    # the formula, the chain of the computed figures and the note stay in the plan's block
    whole = "\n".join(ln.text for ln in block.lines)
    assert "38,130 + 41,980 + 45,680" in whole and "Computed from:" in whole
    assert "38,130" not in form.text and "Computed from" not in form.text


def test_a_derived_check_shows_its_computation(bundled):
    c = bundled.checks["terr-implied-september"]
    assert check_figures(c) == "Computed 2,356 − (22 × 31 + 27 × 30) = 864 km²"


@pytest.mark.parametrize(
    ("item_id", "kept", "left"),
    [
        ("vdovychenko-strategy", "Victoria Vdovychenko", "Unverified paraphrase"),
        ("cas-november", "Who actually said it", "Cross-check"),
        ("russia-territory", "whole of Donetsk", "Source article's wording"),
        ("necenter-2024-circumstances", "Fieldwork", "Method"),
        ("north-korean-troops-kursk", "North Korean troops", "small scale"),
        ("src-article", "thevoice.news", "• "),
    ],
)
def test_each_kind_on_a_slide_keeps_its_message_and_leaves_the_small_print(
    bundled, item_id, kept, left
):
    blocks = [
        b
        for tp in plan_of(bundled).tabs
        for s in tp.sections
        for blk in s.blocks
        for b in (blk, *blk.attached)
        if b.id == item_id
    ]
    whole, form = blocks[0], slide_form(blocks[0])
    assert left in whole.text and left not in form.text
    assert kept in form.text
    assert len(form.lines) < len(whole.lines)


def test_a_title_is_cut_in_two_keeping_every_word():
    """`title_cuts`: after the first colon, then after a clause's punctuation (the later
    first), then at a space (the later first); each joins back into the title."""
    from briefing_app.content.slides import title_cuts

    head = "The front around Pokrovsk, Kurakhove and Kupiansk"
    title = f"{head}: 1 Sep and 1 Dec 2024"
    cuts = title_cuts(title)
    assert cuts[0] == (head, ": ", "1 Sep and 1 Dec 2024")
    assert cuts[1] == ("The front around Pokrovsk", ", ", f"{head[27:]}: 1 Sep and 1 Dec 2024")
    assert cuts[2] == (f"{head}: 1 Sep and 1 Dec", " ", "2024")
    assert cuts[-1] == ("The", " ", title[4:])
    assert all(head + joint + rest == title for head, joint, rest in cuts)
    assert len(cuts) == len(set(cuts))
    dashes = title_cuts("Strikes — deeper, and more; of them")
    assert [c[1] for c in dashes[:3]] == ["; ", ", ", " — "]
    assert title_cuts("One") == [] and title_cuts("") == []
