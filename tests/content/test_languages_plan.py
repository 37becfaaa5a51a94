"""The plan of a briefing in another language (`in_language`): the same items in the same
order, the same chart data, the package's text in that language, a quote's words as
given with its translation labelled; and the Markdown written from it."""

from __future__ import annotations

import re

import pytest
from bilingual import translated_pairs

from briefing_app.content.plan import plan_of
from briefing_app.export.markdown import markdown
from briefing_app.model.languages import in_language
from briefing_app.model.loader import load_package

UK_TABS = [
    "Втрати",
    "Територія",
    "Повітряні удари",
    "Переговори",
    "Громадська думка в Україні",
    "Хронологія",
    "Джерела",
]
_CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")


@pytest.fixture(scope="module")
def b():
    return load_package().briefing


@pytest.fixture(scope="module")
def u(b):
    return in_language(b, "uk")


@pytest.fixture(scope="module")
def plans(b, u):
    return plan_of(b), plan_of(u)


def test_the_plan_in_ukrainian_has_its_tab_titles_and_takeaways(plans):
    _, uk = plans
    assert [tp.title for tp in uk.tabs] == UK_TABS
    for tp in uk.tabs:
        assert _CYRILLIC.search(tp.takeaway), tp.id
        assert not tp.notes or _CYRILLIC.search(tp.notes), tp.id


def test_the_same_items_in_the_same_order_in_both_languages(plans):
    en, uk = plans
    assert [tp.items() for tp in uk.tabs] == [tp.items() for tp in en.tabs]
    assert [[s.key for s in tp.sections] for tp in uk.tabs] == [
        [s.key for s in tp.sections] for tp in en.tabs
    ]


def test_the_charts_show_the_same_figures_in_both_languages(plans):
    en, uk = plans
    compared = 0
    for tp_en, tp_uk in zip(en.tabs, uk.tabs, strict=True):
        for c_en, c_uk in zip(tp_en.charts, tp_uk.charts, strict=True):
            d_en, d_uk = c_en.chart, c_uk.chart
            if c_en.id != f"{tp_en.id}.timeline":  # the timeline's is the viewer's
                assert d_uk.chart.title != d_en.chart.title  # translated ...
            cols = [c for c in ("id", "value", "later", "highlight") if c in d_en.points]
            # ... and the same figures, drawn the same
            assert d_uk.points[cols].equals(d_en.points[cols]), c_en.id
            assert d_uk.source_ids == d_en.source_ids
            assert len(d_uk.table) == len(d_en.table)
            compared += 1
    assert compared >= 10


def test_check_blocks_have_the_same_figures_and_translated_titles(plans, b, u):
    en, uk = plans
    block_en = next(x for x in en.tab(0).section("checks").blocks if x.id == "cas-article-sum")
    block_uk = next(x for x in uk.tab(0).section("checks").blocks if x.id == "cas-article-sum")
    assert block_uk.lines[0].text == u.checks["cas-article-sum"].title
    assert _CYRILLIC.search(block_uk.lines[0].text)
    figures = re.compile(r"\d[\d,.]*")
    # the title written the Ukrainian way (125 800, 3,03); the rest as the interface prints
    uk_text = re.sub(r"(\d)[\u00a0\u202f](?=\d{3}\b)", r"\1,", block_uk.text)
    assert figures.findall(uk_text) == figures.findall(block_en.text)


def _quote_block(plan, tab: int, qid: str):
    return next(x for x in plan.tab(tab).section("quotes").blocks if x.id == qid)


def test_a_quote_shows_its_words_and_beside_them_a_labelled_translation(plans, u):
    en, uk = plans
    q = u.quotes["zelenskyy-nato-umbrella"]
    block = _quote_block(uk, 3, q.id)
    texts = [ln.text for ln in block.lines]
    assert texts[0] == f"“{q.text}”"  # the words as given, in English
    assert texts[1] == (
        "Translation (uk, by команда Briefing Viewer (машинний переклад з англійського "
        f"тексту)): “{q.translation}”"
    )
    assert q.translation.startswith("Якщо ми хочемо зупинити гарячу фазу війни")
    # shown in English, the quote is in its own language: nothing beside it
    assert not any("Translation" in ln.text for ln in _quote_block(en, 3, q.id).lines)
    # the interface in Ukrainian: the label too
    from briefing_app.model import i18n

    with i18n.language_as("uk"):
        label = [ln.text for ln in _quote_block(plan_of(u), 3, q.id).lines][1]
    assert label == (
        "Переклад (uk, автор перекладу: команда Briefing Viewer (машинний переклад з "
        f"англійського тексту)): “{q.translation}”"
    )


def test_the_markdown_in_ukrainian_has_no_english_prose_of_the_package(b, u):
    md = markdown(u, notes=True)
    plain = md.replace("\\", "")  # Markdown escapes, not text
    for title in UK_TABS:
        assert f"## {title}" in plain
    # words given verbatim stay as given: quotes, whom the article credits, how it words
    # a position, sources' own titles
    verbatim = [q.text for q in u.quotes.values()]
    verbatim += [p.article_wording for p in u.positions.values()]
    verbatim += [s.title for s in u.sources.values()]
    verbatim += [a for a in u.observations["article_attribution"] if isinstance(a, str)]
    checked = 0
    for what, en, uk in translated_pairs(b, u):
        if uk == en or len(en.split()) < 4:
            continue  # a name, or too short to be told from a name or a quote's words
        if any(en in v for v in verbatim):
            continue
        if what.startswith("observations") and what.endswith(".note") and "Area of" in en:
            continue  # the viewer's own note on a map's area: the interface's text
        assert en not in plain, (what, en)
        checked += 1
    assert checked > 250
    # what stays in English: the quotes' words, sources' own titles
    assert "If we want to stop the hot phase of the war" in plain
    assert b.sources["src-article"].title in plain
    for t in (u.tabs[0].takeaway, u.tabs[3].takeaway):
        assert t in plain
