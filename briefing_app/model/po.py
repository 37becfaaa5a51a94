"""Reading and writing gettext catalogues (``.po``) and compiling them (``.mo``): the
little of msgfmt and msgmerge the app needs, so that no tool outside Python is needed
to build or run it (`packaging/translations.py` is the command line of it)."""

from __future__ import annotations

import ast
import struct
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    """One message: its id (and plural id), its translations, where it is used."""

    msgid: str
    msgid_plural: str = ""
    #: the translation; for a plural message one a form, in order
    msgstr: list[str] = field(default_factory=lambda: [""])
    #: '#:' references (file:line) and '#.' comments for translators
    references: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        return not self.fuzzy and all(s for s in self.msgstr)

    @property
    def key(self) -> tuple[str, str]:
        return (self.msgid, self.msgid_plural)


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def parse_po(text: str) -> list[Entry]:
    """The entries of a ``.po`` text, the header (msgid "") first if it has one."""
    entries: list[Entry] = []
    cur: Entry | None = None
    field_name = ""
    refs: list[str] = []
    comments: list[str] = []
    fuzzy = False

    def finish() -> None:
        nonlocal cur
        if cur is not None:
            entries.append(cur)
            cur = None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if cur is not None and field_name.startswith("msgstr"):
                finish()
            if line.startswith("#:"):
                refs.extend(line[2:].split())
            elif line.startswith("#,"):
                fuzzy = "fuzzy" in line
            elif line.startswith("#."):
                comments.append(line[2:].strip())
            continue
        if line.startswith('"'):
            value = _unquote(line)
            assert cur is not None, "a continued string outside an entry"
            if field_name == "msgid":
                cur.msgid += value
            elif field_name == "msgid_plural":
                cur.msgid_plural += value
            else:
                idx = int(field_name[7:-1]) if "[" in field_name else 0
                cur.msgstr[idx] += value
            continue
        key, _, rest = line.partition(" ")
        value = _unquote(rest.strip())
        if key == "msgid":
            finish()
            cur = Entry(value, references=refs, comments=comments, fuzzy=fuzzy)
            cur.msgstr = []
            refs, comments, fuzzy = [], [], False
        elif key == "msgid_plural" and cur is not None:
            cur.msgid_plural = value
        elif key.startswith("msgstr") and cur is not None:
            idx = int(key[7:-1]) if "[" in key else 0
            while len(cur.msgstr) <= idx:
                cur.msgstr.append("")
            cur.msgstr[idx] = value
        field_name = key
    finish()
    for e in entries:
        if not e.msgstr:
            e.msgstr = [""]
    return entries


def read_po(path: Path) -> list[Entry]:
    return parse_po(path.read_text(encoding="utf-8"))


def _quote(s: str) -> str:
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    out = out.replace("\n", "\\n")
    return f'"{out}"'


def _field(name: str, value: str) -> list[str]:
    return [f"{name} {_quote(value)}"]


def format_po(entries: list[Entry]) -> str:
    """*entries* as ``.po`` text (the inverse of `parse_po`)."""
    blocks = []
    for e in entries:
        lines = [f"#. {c}" for c in e.comments]
        if e.references:
            lines.append("#: " + " ".join(e.references))
        if e.fuzzy:
            lines.append("#, fuzzy")
        lines += _field("msgid", e.msgid)
        if e.msgid_plural:
            lines += _field("msgid_plural", e.msgid_plural)
            for i, s in enumerate(e.msgstr):
                lines += _field(f"msgstr[{i}]", s)
        else:
            lines += _field("msgstr", e.msgstr[0] if e.msgstr else "")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def compile_mo(entries: list[Entry]) -> bytes:
    """The ``.mo`` of *entries*: the header and every translated message (an
    untranslated or fuzzy one is left out, and shows in English)."""
    pairs: dict[bytes, bytes] = {}
    for e in entries:
        if e.msgid == "":
            pairs[b""] = e.msgstr[0].encode("utf-8")
        elif e.translated:
            key = e.msgid if not e.msgid_plural else f"{e.msgid}\0{e.msgid_plural}"
            pairs[key.encode("utf-8")] = "\0".join(e.msgstr).encode("utf-8")
    keys = sorted(pairs)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(pairs[k] + b"\0" for k in keys)
    n = len(keys)
    start = 7 * 4 + 16 * n  # header, then the two tables of (length, offset)
    offsets_ids, offsets_strs, pos = [], [], 0
    for k in keys:
        offsets_ids += [len(k), start + pos]
        pos += len(k) + 1
    base = start + len(ids)
    pos = 0
    for k in keys:
        offsets_strs += [len(pairs[k]), base + pos]
        pos += len(pairs[k]) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    return (
        header
        + struct.pack(f"{2 * n}i", *offsets_ids)
        + struct.pack(f"{2 * n}i", *offsets_strs)
        + ids
        + strs
    )
