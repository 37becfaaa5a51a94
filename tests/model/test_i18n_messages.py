"""The model's own text in the language of the interface: validation problems, warnings
and findings (`i18n.Message`, made while a package loads and shown later), attributions
and what changed since the last edition.  English stays as it was (the other tests hold
its exact wording); in Ukrainian none of the English of these messages is left."""

from __future__ import annotations

import pickle
import re

import pytest
from conftest import MINIMAL, load_briefing
from test_bad_packages import CASES, materialize

from briefing_app.model import i18n
from briefing_app.model.i18n import Later, Message, msg, nmsg
from briefing_app.model.loader import load_package
from briefing_app.model.problems import Problem

#: words of the English messages the model writes (validation, attributions, diff): none
#: may be left in Ukrainian, outside quoted package text, paths and keys
ENGLISH = {
    "the",
    "is",
    "not",
    "must",
    "be",
    "unknown",
    "cannot",
    "read",
    "file",
    "row",
    "rows",
    "column",
    "columns",
    "more",
    "and",
    "or",
    "of",
    "by",
    "reported",
    "relayed",
    "source",
    "article",
    "attributes",
    "figure",
    "figures",
    "changed",
    "added",
    "removed",
    "checks",
    "verdict",
    "difference",
    "tolerance",
    "computed",
    "hold",
    "does",
    "needs",
    "text",
    "number",
    "date",
    "list",
    "object",
    "limit",
    "most",
    "least",
    "missing",
    "empty",
    "invalid",
    "line",
    "package",
    "table",
    "schema",
    "field",
    "value",
    "values",
    "was",
    "now",
    "Tab",
    "no",
    "changes",
    "warning",
    "finding",
    "error",
    "errors",
    "valid",
}


def english_words(text: str) -> set[str]:
    """The words of *ENGLISH* in *text*, leaving out what is quoted ('c1', "YYYY"),
    file names (sources.csv), keys (briefing.tabs[0].id) and placeholders of the format."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|«[^»]*»", " ", text)
    # lists of the format's own names ("один з: bar, line, ..."), and what Python's
    # regular expressions say of a pattern (their own words, like an OS error's)
    text = re.sub(r"(з|one of): [^)]*", " ", text)
    text = re.sub(r"регулярним виразом: .*", " ", text)
    text = re.sub(r"[\w@.\-]*[./\[@][\w@.\-\[\]*]*", " ", text)  # paths, keys, file.csv
    return {w for w in re.findall(r"[A-Za-z]+", text) if w in ENGLISH}


def test_the_word_scan_finds_english_and_skips_quoted_text():
    """Not vacuous: an English message is caught; quoted ids and file names are not."""
    assert english_words("unknown source 'x' (no such id in sources.csv)") == {
        "unknown",
        "source",
        "no",
    }
    assert english_words("невідоме джерело 'the source' (немає в sources.csv)") == set()


# -- the mechanism ---------------------------------------------------------------------


def test_a_message_is_english_text_and_says_itself_in_ukrainian():
    m = nmsg("{n} more blank row", "{n} more blank rows", 1235, n=1235)
    assert m == "1,235 more blank rows" and isinstance(m, str)
    with i18n.language_as("uk"):
        assert m == "1,235 more blank rows"  # the string itself stays English
        assert m.translated() == "ще 1\u00a0235 порожніх рядків"  # Ukrainian's "many"
        assert nmsg("{n} more blank row", "{n} more blank rows", 2, n=2).translated() == (
            "ще 2 порожні рядки"
        )
        assert nmsg("{n} more blank row", "{n} more blank rows", 21, n=21).translated() == (
            "ще 21 порожній рядок"
        )
    assert m.translated() == "1,235 more blank rows"
    assert m.translated("uk") == "ще 1\u00a0235 порожніх рядків"


def test_a_message_translates_the_messages_and_later_values_inside_it():
    from briefing_app.model.fmt import fmt_number

    inner = msg("a list")
    outer = msg("must be a list, not {kind}", kind=inner)
    late = msg("{value} is too large: {rule}", value=Later(fmt_number, 1234.5), rule="x")
    assert outer == "must be a list, not a list"
    assert late == "1,234.5 is too large: x"
    with i18n.language_as("uk"):
        assert outer.translated() == "має бути списком, а не список"
        assert late.translated() == "1\u00a0234,5 забагато: x"


def test_a_message_survives_pickling_and_exceptions():
    """The cache of validated packages pickles problems; an exception's str keeps them."""
    m = msg("unknown check {ref}", ref="'c9'")
    back = pickle.loads(pickle.dumps(Problem("a.csv", m, row=2)))
    assert isinstance(back.message, Message)
    with i18n.language_as("uk"):
        assert str(back) == "a.csv:2: невідома перевірка 'c9'"
    assert isinstance(str(ValueError(m)), Message)


# -- validation --------------------------------------------------------------------------


def test_problems_made_in_english_are_shown_in_ukrainian(make_package):
    """Loaded while English is spoken (or read back from the cache), a package's problems
    say themselves in the language spoken when they are shown; the location stays."""
    pkg = make_package(
        {"quotes.csv": lambda t: t.replace(",art,,as-quoted", ",nobody,,as-quoted", 1)}
    )
    result = load_package(pkg)
    english = [str(p) for p in result.problems]
    assert any("unknown source 'nobody'" in line for line in english), english
    with i18n.language_as("uk"):
        ukrainian = [str(p) for p in result.problems]
    assert any("невідоме джерело 'nobody'" in line for line in ukrainian), ukrainian
    for en, uk in zip(english, ukrainian, strict=True):
        assert en.split(": ", 1)[0] == uk.split(": ", 1)[0]  # FILE:ROW:FIELD the same
        assert english_words(uk.split(": ", 1)[1]) == set(), uk


@pytest.mark.parametrize("case", CASES)
def test_every_validation_message_of_a_bad_package_is_ukrainian(case, tmp_path):
    """Every problem of every package of the bad corpus, loaded in Ukrainian: no English
    word of the model's messages is left."""
    pkg = materialize(case, tmp_path / case)
    with i18n.language_as("uk"):
        result = load_package(pkg)
        left = {str(p): english_words(p.text) for p in result.problems if english_words(p.text)}
    assert left == {}, left


def test_a_check_finding_is_written_the_language_s_way():
    b = load_briefing(MINIMAL)
    result = load_package(MINIMAL)
    (finding,) = result.findings
    assert str(finding).endswith("(difference −10)")
    with i18n.language_as("uk"):
        assert str(finding) == (
            "checks.csv:2: перевірка 'c1' не справджується: повідомлено 230, обчислено "
            "100 + 120 = 220 (різниця −10)"
        )
    assert b is not None


# -- attributions ------------------------------------------------------------------------


def test_an_attribution_is_a_ukrainian_sentence():
    b = load_briefing(None)
    src = next(iter(b.sources))
    via = tuple(k for k in b.sources if k != src)[:1]
    if b.source_article:
        via = (*via, b.source_article)
    english = b.attribution(src, via, "the Institute")
    assert "relayed by" in english or "reported by" in english
    assert english.endswith("; source article attributes it to the Institute")
    with i18n.language_as("uk"):
        ukrainian = b.attribution(src, via, "the Institute")
    assert "через" in ukrainian or "за повідомленням" in ukrainian
    assert ukrainian.endswith("; у статті-джерелі це приписано: the Institute")
    rest = ukrainian.replace("the Institute", "")
    for name in (b.source_name(s) for s in (src, *via)):
        rest = rest.replace(name, "")
    assert english_words(rest) == set(), ukrainian


# -- what changed ------------------------------------------------------------------------


def test_the_diff_since_the_last_edition_is_ukrainian(make_package):
    from briefing_app.content.changes import tab_changes

    old = load_briefing(MINIMAL)
    new = load_briefing(
        make_package({"observations.csv": lambda t: t.replace(",100,", ",105,", 1)})
    )
    changes = tab_changes(old, new)
    english = "\n".join(changes.lines())
    assert "Figures changed" in english
    assert "1 figure changed, 1 check's verdict changed" in english
    with i18n.language_as("uk"):
        lines = tab_changes(old, new).lines()
        summary = tab_changes(old, new).diff.summary()
    text = "\n".join(lines)
    assert "Змінені показники" in text and summary.startswith("1 показник змінено")
    rest = text
    for t in (old.title, new.title, *(tab.title for tab in new.tabs), *old.sources, *new.sources):
        rest = rest.replace(t, "")
    for s in new.sources.values():
        rest = rest.replace(s.name, "")
    assert english_words(rest.replace(str(MINIMAL), "")) == set(), text
