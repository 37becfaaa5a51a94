"""The interface's translations: extract the marked strings, merge them into each
language's ``.po``, compile the ``.mo`` files.

    python packaging/translations.py extract   # briefing.pot from the code, merged into *.po
    python packaging/translations.py compile   # every *.po to its .mo (make does this)
    python packaging/translations.py check     # untranslated or stale messages, exit 1

A marked string is the first argument of ``tr(...)``, ``N_(...)`` or ``msg(...)``, or the
first two of ``ntr(...)``, ``nmsg(...)`` or ``Nn_(...)`` (`briefing_app.model.i18n`;
``msg`` and ``nmsg`` make a message shown later, in the language spoken then),
written as a literal: the scan reads the code's syntax tree, so the catalogue can always be
made again from the code.  ``tr(NAME)``
translates a constant marked where it is written (``NAME = N_("...")``); an f-string
inside any of them is an error (its text exists only at run time).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing_app.model.po import Entry, compile_mo, format_po, read_po  # noqa: E402

PACKAGE = ROOT / "briefing_app"
FOLDER = ROOT / "resources" / "translations"
TEMPLATE = FOLDER / "briefing.pot"
#: the languages translated, and their catalogues' header
HEADERS = {
    "uk": (
        "Project-Id-Version: briefing-viewer\n"
        "Language: uk\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
        "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
    ),
}
SINGLE = {"tr", "N_", "msg"}
PLURAL = {"ntr", "nmsg", "Nn_"}


class Unmarkable(Exception):
    """A marked call whose text is not a literal (the scan cannot read it)."""


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr if func.attr in ("tr_", "ntr_") else ""
    return ""


def scan(path: Path) -> list[tuple[str, str, int]]:
    """(msgid, msgid_plural, line) of every marked string in *path*."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        wanted = 1 if name in SINGLE else 2 if name in PLURAL else 0
        if not wanted:
            continue
        args = node.args[:wanted]
        literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args]
        if len(args) == wanted and all(literal):
            pass
        elif name in ("N_", "Nn_") or any(isinstance(a, ast.JoinedStr) for a in args):
            # N_ marks text for the catalogue, and an f-string's text is made at run time:
            # neither can be looked up
            raise Unmarkable(f"{path}:{node.lineno}: {name}() of a string that is not a literal")
        else:
            continue  # tr(CONSTANT): text marked where the constant is written (N_)
        texts = [a.value for a in args]  # type: ignore[attr-defined]
        out.append((texts[0], texts[1] if wanted == 2 else "", node.lineno))
    return out


def extract() -> list[Entry]:
    """Every marked message of the code, in the order first met, with where."""
    found: dict[tuple[str, str], Entry] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for msgid, plural, line in scan(path):
            e = found.get((msgid, plural))
            if e is None:
                e = found[(msgid, plural)] = Entry(
                    msgid, plural, msgstr=["", ""] if plural else [""]
                )
            e.references.append(f"{rel}:{line}")
    return list(found.values())


def merge(template: list[Entry], po: list[Entry], header: str, nplurals: int) -> list[Entry]:
    """*template*'s messages with *po*'s translations; a message no longer in the code
    is dropped, a new one is left to translate."""
    old = {e.key: e for e in po if e.msgid}
    out = [Entry("", msgstr=[header])]
    for t in template:
        e = old.get(t.key)
        msgstr = list(e.msgstr) if e else [""] * (nplurals if t.msgid_plural else 1)
        if t.msgid_plural:
            msgstr = (msgstr + [""] * nplurals)[:nplurals]
        out.append(
            Entry(
                t.msgid,
                t.msgid_plural,
                msgstr=msgstr,
                references=t.references,
                comments=e.comments if e else [],
                fuzzy=e.fuzzy if e else False,
            )
        )
    return out


def nplurals_of(header: str) -> int:
    for part in header.split(";"):
        if "nplurals=" in part:
            return int(part.split("nplurals=")[1])
    return 2


def cmd_extract() -> int:
    template = extract()
    FOLDER.mkdir(parents=True, exist_ok=True)
    header = "Project-Id-Version: briefing-viewer\nContent-Type: text/plain; charset=UTF-8\n"
    TEMPLATE.write_text(format_po([Entry("", msgstr=[header]), *template]), encoding="utf-8")
    for lang, header in HEADERS.items():
        path = FOLDER / f"{lang}.po"
        po = read_po(path) if path.exists() else []
        merged = merge(template, po, header, nplurals_of(header))
        path.write_text(format_po(merged), encoding="utf-8")
        todo = sum(1 for e in merged if e.msgid and not e.translated)
        print(f"{path.relative_to(ROOT)}: {len(merged) - 1} messages, {todo} to translate")
    return 0


def cmd_compile() -> int:
    for po in sorted(FOLDER.glob("*.po")):
        mo = po.with_suffix(".mo")
        data = compile_mo(read_po(po))
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            print(f"compiled {mo.relative_to(ROOT)}")
    return 0


def problems() -> list[str]:
    """What is wrong with the catalogues: a message of the code missing from one, or
    untranslated (or fuzzy) in it, or one of a plural without its forms."""
    template = extract()
    out = []
    for lang, header in HEADERS.items():
        path = FOLDER / f"{lang}.po"
        po = {e.key: e for e in read_po(path)} if path.exists() else {}
        n = nplurals_of(header)
        for t in template:
            e = po.get(t.key)
            where = t.references[0]
            if e is None:
                out.append(f"{lang}: not in {path.name} (make translations): {t.msgid!r} ({where})")
            elif not e.translated:
                out.append(f"{lang}: untranslated: {t.msgid!r} ({where})")
            elif t.msgid_plural and len(e.msgstr) != n:
                out.append(f"{lang}: {len(e.msgstr)} plural forms, not {n}: {t.msgid!r}")
            else:
                want = placeholders(t.msgid) | placeholders(t.msgid_plural)
                for form in e.msgstr:
                    if placeholders(form) != want:
                        out.append(
                            f"{lang}: placeholders {sorted(placeholders(form))} in {form!r}, "
                            f"not {sorted(want)} of {t.msgid!r}"
                        )
    return out


_PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\(\w+\)[sdr]|%[sdr]")


def placeholders(text: str) -> set[str]:
    """The fields a message is filled in with ({n}, %(prog)s, %s): a translation keeps them."""
    return set(_PLACEHOLDER.findall(text)) if text else set()


def cmd_check() -> int:
    found = problems()
    for p in found:
        print(p)
    return 1 if found else 0


def main(argv: list[str]) -> int:
    commands = {"extract": cmd_extract, "compile": cmd_compile, "check": cmd_check}
    if len(argv) != 1 or argv[0] not in commands:
        print(f"usage: translations.py {{{','.join(commands)}}}", file=sys.stderr)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
