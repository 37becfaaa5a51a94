"""The translation mechanism (`model.i18n`), Ukrainian plural forms, and numbers and
dates in the language of the interface (`model.fmt`)."""

from __future__ import annotations

import datetime as dt
import gettext
import importlib.util
import io

import pytest
from conftest import ROOT, load_briefing

from briefing_app.model import fmt, i18n
from briefing_app.model.po import compile_mo, parse_po, read_po

_spec = importlib.util.spec_from_file_location(
    "translations", ROOT / "packaging" / "translations.py"
)
translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translations)

UK_PO = ROOT / "resources" / "translations" / "uk.po"


@pytest.fixture
def uk():
    with i18n.language_as("uk"):
        yield


@pytest.fixture
def en():
    with i18n.language_as("en"):
        yield


def test_every_marked_string_has_its_ukrainian_translation():
    """The catalogue holds every string the code marks, each translated, each plural in
    Ukrainian's three forms, every placeholder kept ({n}, %(prog)s)."""
    assert translations.problems() == []


def test_the_check_finds_an_untranslated_string(tmp_path, monkeypatch):
    """The completeness check is not vacuous: a message emptied in a copy of the
    catalogue, or a placeholder lost, is reported."""
    entries = read_po(UK_PO)
    victim = next(e for e in entries if e.msgid == "Speaker notes")
    victim.msgstr = [""]
    lost = next(e for e in entries if e.msgid == "As of {date}")
    lost.msgstr = ["Станом на"]
    from briefing_app.model.po import format_po

    folder = tmp_path / "translations"
    folder.mkdir()
    (folder / "uk.po").write_text(format_po(entries), encoding="utf-8")
    monkeypatch.setattr(translations, "FOLDER", folder)
    found = translations.problems()
    assert any("untranslated: 'Speaker notes'" in p for p in found)
    assert any("placeholders" in p and "As of {date}" in p for p in found)


def test_the_catalogue_is_extracted_from_the_code():
    """Every marked string is in the template, and the template has nothing else: it is
    made again from the code by `make update-translations`."""
    template = {e.key for e in read_po(translations.TEMPLATE) if e.msgid}
    assert template == {e.key for e in translations.extract()}


def test_extraction_refuses_text_it_cannot_read(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('from x import tr\nname = "x"\ntr(f"Hello {name}")\n', encoding="utf-8")
    with pytest.raises(translations.Unmarkable):
        translations.scan(bad)
    ok = tmp_path / "ok.py"
    ok.write_text('tr("Hello")\nntr("{n} day", "{n} days", 3)\nN_("Bye")\n', encoding="utf-8")
    assert [m[:2] for m in translations.scan(ok)] == [
        ("Hello", ""),
        ("{n} day", "{n} days"),
        ("Bye", ""),
    ]


def test_compiled_catalogue_reads_back_through_gettext():
    cat = gettext.GNUTranslations(io.BytesIO(compile_mo(read_po(UK_PO))))
    assert cat.gettext("Speaker notes") == "Нотатки доповідача"
    assert cat.ngettext("{n} check", "{n} checks", 5) == "{n} перевірок"


def test_po_round_trip():
    entries = read_po(UK_PO)
    from briefing_app.model.po import format_po

    again = parse_po(format_po(entries))
    assert [(e.msgid, e.msgid_plural, e.msgstr) for e in again] == [
        (e.msgid, e.msgid_plural, e.msgstr) for e in entries
    ]


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "перевірка"),
        (2, "перевірки"),
        (4, "перевірки"),
        (5, "перевірок"),
        (11, "перевірок"),
        (12, "перевірок"),
        (14, "перевірок"),
        (21, "перевірка"),
        (22, "перевірки"),
        (25, "перевірок"),
        (101, "перевірка"),
        (111, "перевірок"),
        (0, "перевірок"),
    ],
)
def test_ukrainian_has_three_plural_forms(uk, n, word):
    assert i18n.ntr("{n} check", "{n} checks", n).format(n=n) == f"{n} {word}"


def test_plural_rule_of_the_catalogue_is_ukrainians():
    """The catalogue's Plural-Forms picks the form `plural_index_uk` says for every n."""
    header = read_po(UK_PO)[0].msgstr[0]
    expr = header.split("plural=", 1)[1].split(";")[0]
    rule = gettext.c2py(expr)
    assert all(rule(n) == i18n.plural_index_uk(n) for n in range(0, 1000))


def test_english_plurals(en):
    assert i18n.ntr("{n} check", "{n} checks", 1) == "{n} check"
    assert i18n.ntr("{n} check", "{n} checks", 2) == "{n} checks"


def test_switching_language_translates_and_notifies():
    heard = []
    i18n.on_language_changed(heard.append)
    try:
        with i18n.language_as("uk"):
            assert i18n.tr("Speaker notes") == "Нотатки доповідача"
        assert i18n.tr("Speaker notes") == "Speaker notes"
    finally:
        i18n._listeners.remove(heard.append)
    assert heard == ["uk", "en"]
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_pseudo_language_is_longer_accented_and_keeps_placeholders():
    text = "Page {number} of {pages}"
    out = i18n.pseudo(text)
    assert "{number}" in out and "{pages}" in out
    visible = len(text.replace("{number}", "").replace("{pages}", ""))
    assert len(out.replace("{number}", "").replace("{pages}", "")) >= 1.4 * visible
    assert not out.isascii()
    assert i18n.pseudo("&Open briefing…").startswith("&")
    assert i18n.pseudo("%(prog)s: error: %(message)s\n").count("%(") == 2


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("uk_UA.UTF-8", "uk"),
        ("uk", "uk"),
        ("en_GB.UTF-8", "en"),
        ("de_DE", "en"),
        ("C.UTF-8", "en"),
        ("", "en"),
    ],
)
def test_language_of_the_system_locale(monkeypatch, name, lang):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", name)
    assert i18n.system_language() == lang


def test_language_variable_lists_preferences(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "uk:en")
    assert i18n.system_language() == "uk"
    monkeypatch.setenv("LANGUAGE", "en_GB:uk")
    assert i18n.system_language() == "en"


# -- numbers, dates and units ----------------------------------------------------------


def test_numbers_in_english(en):
    assert fmt.fmt_number(125790) == "125,790"
    assert fmt.fmt_number(27.97) == "27.97"
    assert fmt.fmt_number(-10) == "\u221210"
    assert fmt.fmt_number(1630.3, 1) == "1,630.3"
    assert fmt.fmt_signed(-730.0, 1) == "\u2212730.0"
    assert fmt.fmt_value(6000, "drones and missiles", "over") == "over 6,000 drones and missiles"


def test_numbers_in_ukrainian(uk):
    """A no-break space (U+00A0) groups thousands, a comma is the decimal sign, the
    minus is U+2212."""
    assert fmt.fmt_number(125790) == "125\u00a0790"
    assert fmt.fmt_number(27.97) == "27,97"
    assert fmt.fmt_number(-10) == "\u221210"
    assert fmt.fmt_number(1630.3, 1) == "1\u00a0630,3"
    assert fmt.fmt_number(0.00345) == "0,00345"
    assert fmt.fmt_signed(-730.0, 1) == "\u2212730,0"
    assert fmt.fmt_signed(0.0, 2) == "0,00"
    assert fmt.fmt_value(4.6, "×", "", 2) == "4,60×"
    assert fmt.fmt_value(16.0, "%", "", 1) == "16,0%"
    assert fmt.fmt_number(1234567.891, 2) == "1\u00a0234\u00a0567,89"


def test_dates_in_english(en):
    assert fmt.fmt_date(dt.date(2024, 12, 10)) == "10 Dec 2024"
    assert fmt.fmt_date_range("2024-11-15", "2024-11-27") == "15–27 Nov 2024"
    assert fmt.fmt_period("2024-09-01", "2024-11-30") == "Sep–Nov 2024"


def test_dates_in_ukrainian(uk):
    assert fmt.fmt_date(dt.date(2024, 12, 10)) == "10 груд. 2024"
    assert fmt.fmt_date_range("2024-11-15", "2024-11-27") == "15–27 листоп. 2024"
    assert fmt.fmt_date_range("2024-10-28", "2024-11-03") == "28 жовт.–3 листоп. 2024"
    assert fmt.fmt_date_range("2024-12-30", "2025-01-02") == "30 груд. 2024–2 січ. 2025"
    assert fmt.fmt_period("2024-09-01", "2024-11-30") == "вер.–листоп. 2024"
    assert fmt.fmt_period("2024-11-01", "2024-11-30") == "листоп. 2024"
    assert [fmt.month_abbr(m) for m in range(1, 13)] == [
        "січ.",
        "лют.",
        "берез.",
        "квіт.",
        "трав.",
        "черв.",
        "лип.",
        "серп.",
        "вер.",
        "жовт.",
        "листоп.",
        "груд.",
    ]


def test_an_expression_kept_in_english_is_shown_in_the_language(uk):
    assert (
        fmt.localise_numbers("38,130 + 41,980 + 45,680")
        == "38\u00a0130 + 41\u00a0980 + 45\u00a0680"
    )
    assert fmt.localise_numbers("839 ÷ 30 = 27.97") == "839 ÷ 30 = 27,97"
    assert fmt.localise_numbers("38,130", "en") == "38,130"


def test_a_check_reads_in_the_language_shown():
    b = load_briefing(None)
    c = next(c for c in b.checks.values() if c.reported is not None and c.reported >= 1000)
    english = c.verdict()
    with i18n.language_as("uk"):
        ukrainian = c.verdict()
    assert english.startswith("Reported ")
    assert ukrainian.startswith("Повідомлено ")
    assert fmt.localise_numbers(c.expression, "uk") in ukrainian  # kept in English, shown in uk
    assert "\u00a0" in ukrainian and "," in c.expression
