"""argparse's own words (``usage:``, ``options``, its error messages) in the interface's
language: argparse looks them up through `gettext` in its module, so they are routed to
`briefing_app.model.i18n` and their Ukrainian kept in the app's catalogue with the rest."""

from __future__ import annotations

import argparse

from briefing_app.model import i18n
from briefing_app.model.i18n import N_, ntr, tr

#: the languages ``--lang`` takes (the pseudo-language of the layout tests too, unlisted)
LANG_CHOICES = (*i18n.LANGUAGES, i18n.PSEUDO)
LANG_METAVAR = "{" + ",".join(i18n.LANGUAGES) + "}"
LANG_HELP = N_("language of the interface: en (English) or uk (Ukrainian)")


def add_lang_option(p: argparse.ArgumentParser) -> None:
    """``--lang``, which every command takes (read before parsing: `cli.main`)."""
    p.add_argument("--lang", choices=LANG_CHOICES, metavar=LANG_METAVAR, help=tr(LANG_HELP))


#: what ``--help`` and a usage error of the app's commands can show of argparse's words
MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("invalid %(type)s value: %(value)r"),
)


def install() -> None:
    """Route argparse's lookups to the app's translations."""
    argparse._ = tr  # type: ignore[attr-defined]
    argparse.ngettext = ntr  # type: ignore[attr-defined]
