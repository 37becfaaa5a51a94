"""A package in several languages: its languages and translations as the loader reads
them, `in_language`, the fallback to the default language and its warnings, quotes."""

from __future__ import annotations

import csv
import json
import pickle
from pathlib import Path

import pytest
from bilingual import MARK, TRANSLATOR, make_bilingual, uk
from conftest import MINIMAL, derive_package

from briefing_app.model.languages import in_language, package_language
from briefing_app.model.loader import INTERNAL_ERROR, load_package
from briefing_app.model.problems import Severity


@pytest.fixture
def bilingual(tmp_path: Path) -> Path:
    return make_bilingual(derive_package(tmp_path / "pkg"))


def _edit_csv(path: Path, row: int, **cells: str) -> None:
    """Set *cells* in data row *row* (the first data row is 2, as problems count)."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows[row - 2].update(cells)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _edit_desc(pkg: Path, edit) -> None:
    dp = pkg / "datapackage.json"
    desc = json.loads(dp.read_text(encoding="utf-8"))
    edit(desc)
    dp.write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")


def test_a_package_without_languages_is_in_english_alone():
    b = load_package(MINIMAL).briefing
    assert b.languages == ("en",) and b.language == "en"
    assert in_language(b, "uk") is b  # a language it does not have: its own


def test_a_bilingual_package_loads_with_no_warning(bilingual):
    result = load_package(bilingual)
    assert result.ok, result.problems
    assert result.warnings == []
    b = result.briefing
    assert b.languages == ("en", "uk") and b.language == "en"
    # the default language's texts are as before
    assert b.tabs[0].title == "Losses" and b.events["e1"].title == "Something happened"


def test_in_language_gives_every_translated_text(bilingual):
    b = load_package(bilingual).briefing
    u = in_language(b, "uk")
    assert u.language == "uk" and u.languages == b.languages
    assert (u.title, u.subtitle, u.caveat) == (uk(b.title), uk(b.subtitle), uk(b.caveat))
    tab, en_tab = u.tabs[0], b.tabs[0]
    assert (tab.title, tab.takeaway, tab.notes) == tuple(
        uk(x) for x in (en_tab.title, en_tab.takeaway, en_tab.notes)
    )
    chart = tab.charts[0]
    assert chart.title == uk("Monthly losses")
    assert chart.series[0].label == uk("GS monthly")
    assert u.indicators["losses"].title == uk("Losses")
    assert u.indicators["losses"].unit == uk("people")
    assert u.sources["gs"].publisher == uk("General Staff")
    assert u.sources["gs"].short_name == uk("GS")
    assert u.sources["gs"].title == "daily loss reports"  # a source's own title stays
    assert u.checks["c1"].title == uk("Two-month total")
    assert u.events["e1"].title == uk("Something happened")
    assert u.quotes["q1"].role == uk("Analyst")
    obs = u.observations.set_index("id")
    assert obs.loc["a-10", "series"] == uk("Article")
    assert obs.loc["a-tot", "note"] == uk("NA")  # the text NA is text, translated
    assert obs.loc["a-10", "article_attribution"] == "the ministry"  # verbatim: stays
    assert not [c for c in u.observations.columns if "@" in c]


def test_figures_and_checks_are_the_same_in_every_language(bilingual):
    b = load_package(bilingual).briefing
    u = in_language(b, "uk")
    assert list(u.checks) == list(b.checks)
    for cid, c in b.checks.items():
        t = u.checks[cid]
        assert (t.computed, t.reported, t.judgement, t.expression, t.inputs, t.later) == (
            c.computed,
            c.reported,
            c.judgement,
            c.expression,
            c.inputs,
            c.later,
        )
        assert t.unit == uk(c.unit)
    assert u.observations["value"].tolist() == b.observations["value"].tolist()
    assert u.observations["id"].tolist() == b.observations["id"].tolist()
    # a chart selects the same rows by the series' translated name
    for en_chart, uk_chart in zip(b.tabs[0].charts, u.tabs[0].charts, strict=True):
        for s_en, s_uk in zip(en_chart.series, uk_chart.series, strict=True):
            assert s_uk.series == uk(s_en.series)
            rows_en = b.series_observations(s_en)
            rows_uk = u.series_observations(s_uk)
            assert rows_uk["id"].tolist() == rows_en["id"].tolist() != []
            assert rows_uk["value"].tolist() == rows_en["value"].tolist()
    assert [t.id for t in u.tabs] == [t.id for t in b.tabs]
    assert u.warnings is b.warnings


def test_a_missing_translation_falls_back_and_is_a_warning(bilingual):
    _edit_csv(bilingual / "events.csv", 2, **{"title@uk": ""})
    _edit_desc(bilingual, lambda d: d["briefing"]["tabs"][0].pop("takeaway@uk"))
    result = load_package(bilingual)
    assert result.ok
    assert [str(p) for p in result.warnings] == [
        "events.csv:2:title@uk: no translation into 'uk' of 'Something happened'; "
        "the text in 'en' is shown",
        "datapackage.json:briefing.tabs[0].takeaway@uk: no translation into 'uk' of "
        "'Losses rose.'; the text in 'en' is shown",
    ]
    assert all(p.severity == Severity.WARNING for p in result.warnings)
    assert result.findings  # the check that does not hold is still a finding, apart
    u = in_language(result.briefing, "uk")
    assert u.events["e1"].title == "Something happened"  # the default, for this text
    assert u.tabs[0].takeaway == "Losses rose."
    assert u.tabs[0].title == uk("Losses")  # the others translated


def test_many_missing_translations_are_counted_not_all_listed(tmp_path):
    rows = "".join(f"e{i},2024-10-{i % 28 + 1:02d},Event {i},,art\n" for i in range(25))
    pkg = derive_package(
        tmp_path / "p", {"events.csv": "id,date,title,description,sources\n" + rows}
    )
    _edit_desc(pkg, lambda d: d.__setitem__("languages", ["en", "uk"]))
    warnings = [str(p) for p in load_package(pkg).warnings if p.file == "events.csv"]
    assert len(warnings) == 11
    assert warnings[0].startswith("events.csv:2:title@uk: no translation into 'uk' of 'Event 0'")
    assert warnings[-1] == "events.csv:title@uk: 15 more without a translation"


def test_a_quote_keeps_its_words_and_its_translation_says_who_made_it(bilingual):
    b = load_package(bilingual).briefing
    q_en, q_uk = b.quotes["q1"], in_language(b, "uk").quotes["q1"]
    assert q_en.language == "en" and q_en.translation == ""
    assert q_uk.text == q_en.text  # the words as given
    assert q_uk.translation == uk(q_en.text)
    assert (q_uk.translation_language, q_uk.translated_by) == ("uk", TRANSLATOR)


def test_a_quote_in_another_language_is_translated_into_the_default(tmp_path):
    quotes = (
        "id,speaker,role,text,date,source,via,status,note,language,translation,translated_by\n"
        "q1,A. Person,,Слова,2024-11-30,art,,verified,,uk,Words,The team\n"
    )
    pkg = derive_package(tmp_path / "p", {"quotes.csv": quotes})

    def declare(d: dict) -> None:
        d["languages"] = ["en", "uk"]
        fields = next(r for r in d["resources"] if r["name"] == "quotes")["schema"]["fields"]
        fields += [
            {"name": n, "type": "string"} for n in ("language", "translation", "translated_by")
        ]

    _edit_desc(pkg, declare)
    result = load_package(pkg)
    assert result.ok, result.problems
    q = result.briefing.quotes["q1"]
    assert (q.text, q.language, q.translation, q.translated_by) == (
        "Слова",
        "uk",
        "Words",
        "The team",
    )
    assert q.translation_language == "en"
    # shown in Ukrainian, the quote is in its own language: no translation beside it
    assert in_language(result.briefing, "uk").quotes["q1"].translation == ""
    quote_warnings = [p for p in result.warnings if p.file == "quotes.csv"]
    assert quote_warnings == []  # a quote in 'uk' needs no translation into 'uk'


def test_a_quote_without_a_translation_is_a_warning(bilingual):
    _edit_csv(bilingual / "quotes.csv", 2, **{"translation@uk": "", "translated_by@uk": ""})
    result = load_package(bilingual)
    assert [str(p) for p in result.warnings] == [
        "quotes.csv:2:translation@uk: no translation into 'uk' of the quote (its words are in 'en')"
    ]
    assert in_language(result.briefing, "uk").quotes["q1"].translation == ""


def test_a_translation_without_its_translator_is_an_error(bilingual):
    _edit_csv(bilingual / "quotes.csv", 2, **{"translated_by@uk": ""})
    result = load_package(bilingual)
    assert not result.ok
    assert [str(p) for p in result.errors] == [
        "quotes.csv:2:translated_by@uk: a translation says who translated it: fill in "
        "translated_by@uk"
    ]


def test_in_language_is_made_once_and_leads_back(bilingual):
    b = load_package(bilingual).briefing
    u = in_language(b, "uk")
    assert in_language(b, "uk") is u
    assert in_language(u, "en") is b and in_language(u, "uk") is u
    assert in_language(b, "uk-UA") is u  # the nearest of the package's languages
    assert in_language(b, None) is b


def test_package_language(bilingual):
    b = load_package(bilingual).briefing
    assert package_language(b, "uk") == "uk"
    assert package_language(b, "uk_UA") == "uk"
    assert package_language(b, "de") == "en"
    assert package_language(b, "") == "en"


def test_a_cached_briefing_is_pickled_without_its_translated_copies(bilingual):
    b = load_package(bilingual).briefing
    in_language(b, "uk")
    again = pickle.loads(pickle.dumps(b))
    assert again._in_language == {}
    assert in_language(again, "uk").tabs[0].title == uk("Losses")
    assert b._in_language  # the original keeps its own


def test_the_descriptor_translations_are_read_from_their_places(bilingual):
    desc = json.loads((bilingual / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["briefing"]["tabs"][0]["title@uk"].startswith(MARK)
    tr = load_package(bilingual).briefing.translations
    assert tr.descriptor["uk"][("tab", "losses", "title")] == uk("Losses")
    assert tr.descriptor["uk"][("series", "losses-monthly", 0, "label")] == uk("GS monthly")
    assert tr.rows["uk"]["events"]["e1"] == {"title": uk("Something happened")}


def test_translations_of_a_tab_whose_id_is_not_text_are_no_crash(bilingual):
    def odd(d: dict) -> None:
        d["briefing"]["tabs"][0]["id"] = ["losses"]
        d["briefing"]["tabs"][0]["charts"][0]["id"] = {"a": 1}

    _edit_desc(bilingual, odd)
    result = load_package(bilingual)
    assert not result.ok
    assert not [p for p in result.problems if INTERNAL_ERROR in p.message]
    assert any(p.field == "briefing.tabs[0].id" for p in result.errors)
