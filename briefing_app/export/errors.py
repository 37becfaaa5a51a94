"""What an export raises: a reason for the user, and a written file that does not check
out.  Apart from `atomic` so that the checks (`verify`) and the writes share them."""

from __future__ import annotations


class ExportError(Exception):
    """A clear, user-facing reason an export failed."""


class Unverified(ExportError):
    """A written file that does not check out; the message says what is wrong with it
    (the file's name is added by whoever knows its target)."""
