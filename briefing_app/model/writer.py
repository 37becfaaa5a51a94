"""Writing a package folder, whole or not at all: the one place the model writes files.

``briefing-app new`` and ``briefing-app import`` write a package here; nothing else in the
viewer writes into a package (the window never does).  The files are written into a
hidden folder beside the target (``.NAME.XXXX.part``), checked there by the caller
(`load_package`), and only then put in place:

- a new package (the target does not exist, or is an empty folder) by renaming the
  whole folder onto it: a reader sees no package or all of it;
- over an existing package (``replace``: the target holds a ``datapackage.json``) file by
  file, each renamed over the old one, so that a file is never seen half-written; files
  of the old package that the new one does not name are left alone (nothing is lost).

Whatever goes wrong, the hidden folder is removed and the target is as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from briefing_app.model.i18n import msg
from briefing_app.model.reasons import os_reason
from briefing_app.model.storage import DESCRIPTOR, unsafe_path_reason


class WriteError(Exception):
    """A package cannot be written; the message says why, for the user."""


class Stage:
    """A package being written: files go into `folder` until `commit`."""

    def __init__(self, target: Path, folder: Path, replace: bool) -> None:
        self.target = target
        self.folder = folder
        self.replace = replace
        self.names: list[str] = []

    def write(self, name: str, data: bytes) -> None:
        """Write the file *name* (a relative path inside the package)."""
        reason = unsafe_path_reason(name)
        if reason is not None:
            raise WriteError(
                msg("cannot write {name}: it {reason}", name=repr(name), reason=reason)
            )
        path = self.folder / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            raise WriteError(
                msg(
                    "cannot write {target}: {strerror}",
                    target=self.target / name,
                    strerror=os_reason(exc),
                )
            ) from None
        self.names.append(name)

    def commit(self) -> list[Path]:
        """Put the package in place; the paths written."""
        try:
            if self.replace:
                for name in self.names:
                    dest = self.target / name
                    if dest.is_dir():
                        raise WriteError(msg("cannot replace {dest}: it is a folder", dest=dest))
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.folder / name, dest)
            else:
                os.chmod(self.folder, _folder_mode())
                # onto a missing target, or an empty folder (rename replaces an empty folder)
                os.replace(self.folder, self.target)
        except OSError as exc:
            raise WriteError(
                msg(
                    "cannot write {target}: {strerror}", target=self.target, strerror=os_reason(exc)
                )
            ) from None
        return [self.target / name for name in self.names]


@contextlib.contextmanager
def staged_package(target: str | os.PathLike[str], *, replace: bool = False) -> Iterator[Stage]:
    """A `Stage` for a package at *target*; committed by the caller, removed in any case.

    Without *replace* the target must not exist or be an empty folder; with it, it may
    also be a package folder (one holding ``datapackage.json``), whose files are replaced.
    """
    target = Path(target)
    replace = _check_target(target, replace)
    parent = target.parent
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=parent))
    except OSError as exc:
        raise WriteError(
            msg("cannot write {target}: {strerror}", target=target, strerror=os_reason(exc))
        ) from None
    try:
        yield Stage(target, folder, replace)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_target(target: Path, replace: bool) -> bool:
    """Whether files replace those of an existing package; WriteError if *target* is no
    place for the package."""
    parent = target.parent
    if not parent.is_dir():
        raise WriteError(
            msg(
                "cannot write {target}: folder {parent} does not exist",
                target=target,
                parent=parent,
            )
        )
    if not target.exists() and not target.is_symlink():
        return False
    if target.is_symlink() or not target.is_dir():
        raise WriteError(msg("{target} exists and is not a folder", target=target))
    try:
        empty = next(target.iterdir(), None) is None
    except OSError as exc:
        raise WriteError(
            msg("cannot read {target}: {strerror}", target=target, strerror=os_reason(exc))
        ) from None
    if empty:
        return False
    if not (target / DESCRIPTOR).is_file():
        raise WriteError(
            msg("{target} is a folder with files in it; give a new or empty folder", target=target)
        )
    if not replace:
        raise WriteError(
            msg(
                "{target} already holds a package (use --force to replace its files)", target=target
            )
        )
    return True


def _folder_mode() -> int:
    """The mode a new folder gets: 0777 less the process umask (mkdtemp makes it 0700)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask
