"""``--lang`` on the command line: exports, help and validate in Ukrainian; the data
export stays machine-readable whatever the language."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from conftest import export, run_python


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    out = tmp_path_factory.mktemp("lang")
    for lang in ("en", "uk"):
        r = export("pdf", str(out / f"{lang}.pdf"), "--lang", lang)
        assert r.returncode == 0, r.stderr
    return {lang: _pdf_text(out / f"{lang}.pdf") for lang in ("en", "uk")}


def test_export_pdf_lang_uk_has_ukrainian_furniture(handouts):
    uk, en = handouts["uk"], handouts["en"]
    for words in (
        "Станом на 10 груд. 2024",
        "Підсумок",
        "Про цей брифінг",
        "Як цитувати цей брифінг",
        "Сторінка 1 з ",
        "Де повідомлені показники не сходяться (перевірки)",
        "Перевірки: повідомлене проти обчисленого",
        "не справджується",
        "контрольна сума",
        "Повідомлено 125 800",  # U+00A0 between the groups
        "27,97",
    ):
        assert words in uk, words
    for english in (
        "As of 10 Dec 2024",
        "Summary",
        "About this briefing",
        "How to cite this briefing",
        "Page 1 of",
        "Checks: reported against computed",
        "does not hold",
        "checksum ",
        "Reported 125,800",  # the package's own notes keep their English numbers
    ):
        assert english not in uk, english
        assert english in en, english  # the same words in English: the check can fail


def test_help_speaks_the_language_asked_for():
    r = run_python("-m", "briefing_app", "--help", "--lang", "uk")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("використання: briefing-app")
    assert "мова інтерфейсу" in r.stdout and "показати цю довідку й вийти" in r.stdout
    r = run_python("-m", "briefing_app", "export", "pdf", "--help", "--lang=uk")
    assert "перезаписати наявний результат" in r.stdout
    r = run_python("-m", "briefing_app", "export", "--lang", "uk", "nosuchformat", "x")
    assert r.returncode == 2 and "помилка" in r.stderr


#: English words of help texts (none may be left in Ukrainian; metavars such as DIR,
#: OUT.pdf, BOOK.xlsx and option names are placeholders, not words)
HELP_WORDS = re.compile(
    r"\b(show|program|version|exit|the|with|write|read|workbook|folder|package|title|edition"
    r"|slides|laid|each|page|inches|default|status|written|usage|what|changed)\b"
)


@pytest.mark.parametrize(
    "command",
    [[], ["validate"], ["export", "pdf"], ["export", "md"], ["new"], ["import"], ["diff"]],
    ids=["window", "validate", "export-pdf", "export-md", "new", "import", "diff"],
)
def test_every_command_s_help_is_ukrainian(command):
    r = run_python("-m", "briefing_app", *command, "--lang", "uk", "--help")
    assert r.returncode == 0, r.stderr
    assert "мова інтерфейсу" in r.stdout  # every command takes --lang
    text = re.sub(r"--[\w-]+|\{[^}]*\}|[\w.-]+\.(json|zip|xlsx|pdf|md|csv)\b", " ", r.stdout)
    text = re.sub(r"briefing-app( export)?( xlsx)?|'[^']*'|datapackage", " ", text)
    assert HELP_WORDS.findall(text) == [], r.stdout
    english = run_python("-m", "briefing_app", *command, "--lang", "en", "--help").stdout
    english = re.sub(r"--[\w-]+|\{[^}]*\}|[\w.-]+\.(json|zip|xlsx|pdf|md|csv)\b", " ", english)
    assert HELP_WORDS.findall(english)  # the same scan finds English: it can fail


def test_validate_counts_with_ukrainian_plurals():
    r = run_python("-m", "briefing_app", "validate", "--lang", "uk")
    assert r.returncode == 0, r.stderr
    assert "дійсний пакет брифінгу" in r.stdout
    assert "7 вкладок" in r.stdout and "перевір" in r.stdout


def test_the_data_export_is_the_same_in_any_language(tmp_path):
    for lang in ("en", "uk"):
        r = export("csv", str(tmp_path / f"{lang}.zip"), "--lang", lang)
        assert r.returncode == 0, r.stderr
    en, uk = (zipfile.ZipFile(tmp_path / f"{lang}.zip") for lang in ("en", "uk"))
    assert en.namelist() == uk.namelist()
    for name in en.namelist():
        assert en.read(name) == uk.read(name), name
