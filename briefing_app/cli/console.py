"""Printing to the console: package text on any terminal, problems a page at a time.

Shared by the commands of `main` and `authoring`.
"""

from __future__ import annotations

import sys

#: typographic characters shown as ASCII on a console that cannot show them
ASCII = str.maketrans(
    {"−": "-", "–": "-", "—": "-", "…": "...", "×": "x", "÷": "/", "²": "2", "“": '"', "”": '"'}
)


def stdout_takes_unicode() -> bool:
    """Never fail printing a message: on a console that cannot show a character (a
    Windows code page, PYTHONIOENCODING=ascii) it is replaced.  True if stdout takes
    any Unicode text."""
    import codecs
    import contextlib

    with contextlib.suppress(AttributeError, ValueError):  # not a reconfigurable stream
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
    try:
        name = codecs.lookup(getattr(sys.stdout, "encoding", None) or "ascii").name
    except LookupError:
        return False
    return name in ("utf-8", "utf-16", "utf-32")


def say_problems(say, problems, noun: str, prefix: str = "") -> None:
    """The first MAX_PRINTED problems, one a line (each already safe to print), then how
    many more there are (``--json`` lists them all)."""
    from briefing_app.model.fmt import fmt_number
    from briefing_app.model.i18n import ntr, tr
    from briefing_app.model.limits import MAX_PRINTED

    for p in problems[:MAX_PRINTED]:
        say(f"  {prefix}{p}")
    if len(problems) > MAX_PRINTED:
        more = len(problems) - MAX_PRINTED
        forms = {
            "error": ntr("… and {n} more error", "… and {n} more errors", more),
            "warning": ntr("… and {n} more warning", "… and {n} more warnings", more),
            "finding": ntr("… and {n} more finding", "… and {n} more findings", more),
        }
        text = forms.get(noun, f"… and {{n}} more {noun}s").format(n=fmt_number(more))
        say(f"  {text} " + tr("(--json lists them all)"))


def print_ascii(text: str) -> None:
    sys.stdout.write(text.translate(ASCII) + "\n")
