"""``briefing-app validate --lang uk``: every problem of a bad package in Ukrainian, with
the same ``FILE:ROW:FIELD:`` location as in English (what scripts and editors read),
and ``--json`` giving the English beside it."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "model"))

from test_bad_packages import CASES, materialize
from test_i18n_messages import english_words

from briefing_app.cli.main import main

#: a problem line: two spaces, maybe "warning: " or its translation, then the location
_LINE = re.compile(r"^  (?:[^:\s]+: )?((?:<package>|[^\s:]+)(?::\d+)?(?::[^:\s]+)?): (.*)$")


def _validate(capsys, *args: str) -> list[str]:
    main(["validate", *args])
    return capsys.readouterr().out.splitlines()


def _problems(lines: list[str]) -> list[tuple[str, str]]:
    """(location, message) of each problem line (the lines indented by two spaces after
    the first; the summary lines of a valid package have no location)."""
    out = []
    for line in lines[1:]:
        m = _LINE.match(line)
        if m and not line.startswith("  …"):
            out.append((m.group(1), m.group(2)))
    return out


@pytest.mark.parametrize("case", CASES)
def test_validate_lang_uk_says_each_problem_in_ukrainian_at_the_same_place(case, tmp_path, capsys):
    pkg = materialize(case, tmp_path / case)
    english = _validate(capsys, str(pkg))
    ukrainian = _validate(capsys, "--lang", "uk", str(pkg))
    assert len(english) == len(ukrainian)
    en, uk = _problems(english), _problems(ukrainian)
    assert [loc for loc, _ in en] == [loc for loc, _ in uk], (english, ukrainian)
    assert en, english  # every case reports something (an error, a warning or a finding)
    for (loc, en_text), (_, uk_text) in zip(en, uk, strict=True):
        if english_words(en_text):  # an English message (not only names): translated
            assert english_words(uk_text) == set(), f"{loc}: {uk_text}"
            assert uk_text != en_text


def test_validate_lang_uk_json_keeps_the_english_beside_the_message(capsys, tmp_path):
    pkg = materialize("dangling-quote-source", tmp_path / "p")
    main(["validate", "--json", "--lang", "uk", str(pkg)])
    doc = json.loads(capsys.readouterr().out)
    (error,) = doc["errors"]
    assert (
        error["message"] == "невідоме джерело 'nobody' (такого ідентифікатора немає в sources.csv)"
    )
    assert error["message_en"] == "unknown source 'nobody' (no such id in sources.csv)"
    assert error["text"].startswith("quotes.csv:2:source: невідоме джерело")
    assert error["severity"] == "error"
