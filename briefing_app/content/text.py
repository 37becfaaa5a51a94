"""Text helpers shared by every view, free of Qt: break opportunities, file-name slugs,
shortening, package text made safe to show (`clean`)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from briefing_app.model.i18n import N_, tr

if TYPE_CHECKING:
    from briefing_app.model.briefing import Briefing

ZWSP = "\u200b"
#: what every view says of an item with no source row (never an empty "Sources:" line)
NO_SOURCE = N_("No source listed in this briefing")
#: unbroken runs longer than this get break opportunities (display only) ...
LONGEST_RUN = 30
#: ... after punctuation, and at least every this many characters
BREAK_EVERY = 15
#: a label asked not to wrap wraps anyway when its text is longer than this
MAX_NOWRAP = 80
_LONG_RUN = re.compile(rf"\S{{{LONGEST_RUN + 1},}}")
_BREAK_AFTER = frozenset("/.-_?&=#:,;>)]}")


def breakable(text: str, longest: int = LONGEST_RUN, every: int = BREAK_EVERY) -> str:
    """*text* with zero-width spaces in unbroken runs longer than *longest*: after
    punctuation, and at least every *every* characters.

    Qt wraps a label only at break opportunities, so a long address or a
    3,000-character "word" would otherwise make the label (and the window)
    as wide as the word.  Ordinary text is returned unchanged.
    """
    if len(text) <= longest:
        return text

    def run(match: re.Match[str]) -> str:
        out: list[str] = []
        n = 0
        for ch in match.group(0):
            out.append(ch)
            n += 1
            if ch in _BREAK_AFTER or n >= every:
                out.append(ZWSP)
                n = 0
        return "".join(out).rstrip(ZWSP)

    pattern = _LONG_RUN if longest == LONGEST_RUN else re.compile(rf"\S{{{longest + 1},}}")
    return pattern.sub(run, text)


FSI, PDI = "\u2068", "\u2069"
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: right-to-left scripts and the bidi controls (marks, embeddings, overrides, isolates)
_RTL_OR_BIDI = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200e\u200f\u061c\u202a-\u202e"
    "\u2066-\u2069\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def clean(text: object) -> str:
    """Text for display: newlines normalised, C0/C1 controls dropped, tabs as spaces, and
    each line carrying right-to-left letters or bidi controls wrapped in a first-strong
    isolate (FSI ... PDI), so an unbalanced override cannot reverse the text after it."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = _CONTROLS.sub("", s).replace("\t", " ")
    if not s.isascii() and _RTL_OR_BIDI.search(s):
        s = "\n".join(f"{FSI}{line}{PDI}" for line in s.split("\n"))
    return s


#: what a file name keeps: letters and digits of any script (a Ukrainian slide's file is
#: named in Ukrainian, not "x"), '_' and '.'
_SLUG_DROP = re.compile(r"[^\w.]+")


def slug(text: str, fallback: str = "x") -> str:
    """A file-name part of *text*: letters and digits (any script, composed: NFC), '.'
    and '_', other runs as '-', lower case, at most 60 characters; *fallback* when
    nothing is left.  No separator, control or bidi character survives."""
    s = _SLUG_DROP.sub("-", unicodedata.normalize("NFC", str(text))).strip("-.").lower()
    return s[:60].rstrip("-.") or fallback


def cite_briefing(b: Briefing) -> str:
    """How to cite the briefing: title, version, as-of date, package name and checksum."""
    from briefing_app.model.fmt import fmt_date

    version = tr(", version {version}").format(version=b.version) if b.version else ""
    return tr("{title}{version}, as of {date}. Briefing package “{name}”, SHA-256 {sha}.").format(
        title=b.title, version=version, date=fmt_date(b.as_of), name=b.name, sha=b.checksum
    )


def briefing_facts(b: Briefing) -> list[tuple[str, str]]:
    """What identifies the briefing, as (label, value): package, version, checksum,
    licence, and the source article's citation when it has one (title pages)."""
    facts = [
        (tr("Package"), b.name),
        (tr("Version"), b.version or tr("not stated")),
        (tr("Checksum (SHA-256 of the package files)"), b.checksum or tr("not computed")),
        (tr("Licence of the data"), b.licence or tr("not stated")),
    ]
    if b.source_article and b.source_article in b.sources:
        facts.append((tr("Source article"), b.sources[b.source_article].citation()))
    return facts
