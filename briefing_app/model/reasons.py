"""Why the system or a library failed, in the language of the interface.

The errors of the operating system (an `OSError`'s errno), the zip reader, the CSV
readers (Python's `csv` and pandas'), Python's regular expressions and the workbook
reader (openpyxl) come in English.  Shown to the user they are told by **category**, in
our own words, as `i18n.Message`s: translated when shown, their technical detail kept
(the path, the line and column, the position, the errno's name).  The English of each
category is the library's own wording (lower-cased, as it reads inside a sentence), so
English output says what it always said.  Text of an error of no known category is kept
as the library wrote it, in a sentence that says where it comes from.
"""

from __future__ import annotations

import errno
import json
import re

from briefing_app.model.i18n import N_, Message, msg, nmsg

#: an errno in words (English as the C library says them)
OS_REASONS: dict[int, Message] = {
    errno.ENOENT: msg("no such file or directory"),
    errno.EACCES: msg("permission denied"),
    errno.EPERM: msg("operation not permitted"),
    errno.ENOSPC: msg("no space left on device"),
    errno.EFBIG: msg("file too large"),
    errno.EDQUOT: msg("disk quota exceeded"),
    errno.EROFS: msg("read-only file system"),
    errno.EISDIR: msg("is a directory"),
    errno.ENOTDIR: msg("not a directory"),
    errno.EEXIST: msg("file exists"),
    errno.EIO: msg("input/output error"),
    errno.ENAMETOOLONG: msg("file name too long"),
    errno.ELOOP: msg("too many levels of symbolic links"),
    errno.EMFILE: msg("too many open files"),
    errno.ENFILE: msg("too many open files in system"),
    errno.ENOMEM: msg("cannot allocate memory"),
    errno.EBUSY: msg("device or resource busy"),
    errno.ETXTBSY: msg("text file busy"),
    errno.EXDEV: msg("invalid cross-device link"),
    errno.ENOTEMPTY: msg("directory not empty"),
    errno.EINVAL: msg("invalid argument"),
    errno.ENXIO: msg("no such device or address"),
    errno.ENODEV: msg("no such device"),
    errno.EAGAIN: msg("resource temporarily unavailable"),
    errno.EINTR: msg("interrupted system call"),
    errno.ESTALE: msg("stale file handle"),
    errno.EMLINK: msg("too many links"),
    errno.EOVERFLOW: msg("value too large for defined data type"),
    errno.EPIPE: msg("broken pipe"),
    errno.ENOTSUP: msg("operation not supported"),
    errno.EBADF: msg("bad file descriptor"),
    errno.ETIMEDOUT: msg("connection timed out"),
}


def os_reason(exc: BaseException) -> Message:
    """An `OSError` in words: its errno's category ("no space left on device"), else the
    system's own text with the errno's name ("… (EHOSTDOWN)")."""
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in OS_REASONS:
        return OS_REASONS[code]
    text = " ".join(str(getattr(exc, "strerror", None) or exc).split()) or type(exc).__name__
    if isinstance(code, int):
        return msg("{reason} ({name})", reason=text, name=errno.errorcode.get(code, str(code)))
    return msg("system error: {reason}", reason=text)


def _lower(text: str) -> str:
    text = " ".join(str(text).split())
    return text[:1].lower() + text[1:]


# -- zip archives ----------------------------------------------------------------------

_ZIP_FIXED: dict[str, Message] = {
    "File is not a zip file": msg("file is not a zip file"),
    "Bad magic number for file header": msg("bad magic number for file header"),
    "Bad magic number for central directory": msg("bad magic number for central directory"),
    "Truncated file header": msg("truncated file header"),
    "Truncated central directory": msg("truncated central directory"),
    # (not the library's "span": the layout tests take every word of the catalogue for
    # English to find, and <span> is the markup of a chart's legend)
    "zipfiles that span multiple disks are not supported": msg(
        "zip archives on several disks are not supported"
    ),
    "That compression method is not supported": msg("that compression method is not supported"),
    "Compressed file ended before the end-of-stream marker was reached": msg(
        "compressed file ended before the end-of-stream marker was reached"
    ),
}


def zip_reason(exc: BaseException) -> Message:
    """An error of the zip reader (zipfile, zlib, lzma) in words, its detail (a member's
    name, a compression method, zlib's error code) kept."""
    text = " ".join(str(exc).split())
    if isinstance(exc, OSError) and getattr(exc, "errno", None) is not None:
        return os_reason(exc)
    for key, words in _ZIP_FIXED.items():
        if text.startswith(key):
            return words
    if m := re.match(r"Bad CRC-32 for file (.*)", text):
        return msg("bad CRC-32 for file {name}", name=m.group(1))
    if m := re.match(r"File name in directory (.*) and header (.*) differ", text):
        return msg(
            "file name in directory {directory} and header {header} differ",
            directory=m.group(1),
            header=m.group(2),
        )
    if m := re.match(r"Overlapped entries: (.*?) \(possible zip bomb\)", text):
        return msg("overlapped entries: {name} (possible zip bomb)", name=m.group(1))
    if m := re.match(r"File (.*) is encrypted, password required", text):
        return msg("file {name} is encrypted, password required for extraction", name=m.group(1))
    if m := re.match(r"[Cc]orrupt extra field (.*)", text):
        return msg("corrupt extra field {detail}", detail=m.group(1))
    if m := re.match(r"zip file version (.*)", text):
        return msg("zip file version {version}", version=m.group(1))
    if m := re.match(r"compression type (\d+)(?: \((\w+)\))?", text):
        return msg("compression type {method}", method=" ".join(g for g in m.groups() if g))
    if m := re.match(r"Error (-?\d+) while decompressing", text):
        return msg("the compressed data is damaged (zlib error {code})", code=m.group(1))
    if "Compressed file ended" in text or isinstance(exc, EOFError):
        return _ZIP_FIXED["Compressed file ended before the end-of-stream marker was reached"]
    if type(exc).__name__ == "LZMAError":
        return msg("the compressed data is damaged (LZMA)")
    if "ZIP64" in text:
        return msg("the archive needs ZIP64 extensions")
    return msg("the zip reader says: {reason}", reason=_lower(text) or type(exc).__name__)


# -- CSV -------------------------------------------------------------------------------


def csv_reason(exc: BaseException) -> Message:
    """An error of a CSV reader (Python's `csv`, pandas') in words, its line kept."""
    text = " ".join(str(exc).split())
    if isinstance(exc, MemoryError):
        return msg("not enough memory to read it")
    if "line contains NUL" in text:
        return msg("line contains NUL")
    if text.startswith("new-line character seen in unquoted field"):
        return msg("new-line character seen in unquoted field")
    if m := re.match(r"'(.*)' expected after '\"'", text):
        return msg(
            "{delimiter} expected after '\"' (a '\"' inside a quoted cell is written twice)",
            delimiter=repr(m.group(1)),
        )
    if m := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text):
        return nmsg(
            "expected {expected} cell in line {line}, saw {found}",
            "expected {expected} cells in line {line}, saw {found}",
            int(m.group(1)),
            expected=int(m.group(1)),
            line=m.group(2),  # a place, not an amount: no separators
            found=int(m.group(3)),
        )
    if m := re.search(r"EOF inside string starting at row (\d+)", text):
        return msg("a quoted cell starting at row {row} is never closed", row=m.group(1))
    if "unexpected end of data" in text or "EOF" in text:
        return msg("unexpected end of data")
    return msg("the CSV reader says: {reason}", reason=_lower(text) or type(exc).__name__)


# -- regular expressions ---------------------------------------------------------------

_REGEX: dict[str, Message] = {
    "missing ), unterminated subpattern": msg("missing ), unterminated subpattern"),
    "unterminated character set": msg("unterminated character set"),
    "nothing to repeat": msg("nothing to repeat"),
    "multiple repeat": msg("multiple repeat"),
    "unbalanced parenthesis": msg("unbalanced parenthesis"),
    "missing group name": msg("missing group name"),
    "look-behind requires fixed-width pattern": msg("look-behind requires fixed-width pattern"),
    "min repeat greater than max repeat": msg("min repeat greater than max repeat"),
    "unterminated name": msg("unterminated name"),
}


def regex_reason(exc: BaseException) -> Message:
    """A regular expression's error in words, with its position in the pattern."""
    if not isinstance(exc, re.error):  # RecursionError, OverflowError
        return msg("it is nested too deeply or repeats too often to compile")
    text = exc.msg
    what: Message | None = _REGEX.get(text)
    if what is None:
        for key, pattern in (
            ("bad escape", r"bad escape (.*)"),
            ("unknown extension", r"unknown extension (.*)"),
            ("bad character range", r"bad character range (.*)"),
            ("unknown group name", r"unknown group name (.*)"),
        ):
            if m := re.match(pattern, text):
                what = {
                    "bad escape": msg("bad escape {detail}", detail=m.group(1)),
                    "unknown extension": msg("unknown extension {detail}", detail=m.group(1)),
                    "bad character range": msg("bad character range {detail}", detail=m.group(1)),
                    "unknown group name": msg("unknown group name {detail}", detail=m.group(1)),
                }[key]
                break
    if what is None:
        what = msg("the regular expression reader says: {reason}", reason=text)
    if exc.pos is None:
        return what
    return msg("{what} at position {pos}", what=what, pos=str(exc.pos))


# -- JSON ------------------------------------------------------------------------------

_JSON_ERRORS = {
    "Expecting property name enclosed in double quotes": N_(
        "expected a key in double quotes (is there a comma too many, or a key without quotes?)"
    ),
    "Expecting ',' delimiter": N_("expected a ',' between two items (is a comma missing?)"),
    "Expecting ':' delimiter": N_("expected a ':' after the key"),
    "Expecting value": N_("expected a value (is there a comma too many, or text without quotes?)"),
    "Unterminated string starting at": N_("a text in quotes is never closed"),
    "Invalid control character at": N_(
        "a line break or tab inside a text in quotes; write it as \\n or \\t"
    ),
    "Extra data": N_("more text after the end of the JSON object"),
    "Invalid \\escape": N_("a '\\' inside a text in quotes; write '\\\\' for a backslash"),
}


def json_syntax_words(text: str) -> Message:
    """Python's JSON error message (``JSONDecodeError.msg``) in plain words."""
    for key, words in _JSON_ERRORS.items():
        if text.startswith(key):
            return Message(words)
    return msg("the JSON reader says: {reason}", reason=_lower(text))


def json_reason(exc: BaseException) -> Message:
    """A JSON syntax error in words, with its line and column."""
    if not isinstance(exc, json.JSONDecodeError):
        return msg("the JSON reader says: {reason}", reason=_lower(str(exc)))
    # line and column are places, not amounts: written as they are (no separators)
    return msg(
        "not valid JSON at line {line}, column {column}: {what}",
        line=str(exc.lineno),
        column=str(exc.colno),
        what=json_syntax_words(exc.msg),
    )


# -- workbooks -------------------------------------------------------------------------


def workbook_reason(exc: BaseException) -> Message:
    """Why openpyxl could not read a workbook, in words (the part or place kept)."""
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    if isinstance(exc, OSError) and getattr(exc, "errno", None) is not None:
        return os_reason(exc)
    if name in ("BadZipFile", "LargeZipFile", "error", "EOFError", "LZMAError"):
        return zip_reason(exc)
    if m := re.search(r"no item named (.*?) in the archive", text):
        return msg("the workbook has no part {part}", part=m.group(1))
    if m := re.search(r"line (\d+), column (\d+)", text):
        return msg(
            "damaged XML in the workbook (line {line}, column {column})",
            line=m.group(1),
            column=m.group(2),
        )
    if "does not support" in text and "file format" in text:
        return msg("not a file format the workbook reader reads")
    return msg("{name}: {reason}", name=name, reason=text)
