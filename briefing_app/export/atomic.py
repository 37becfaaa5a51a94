"""Atomic writes: each file to a temporary ``.part`` file beside its target, checked,
then renamed onto it; the files of one export all together, or none.

A failed write, a failed close, a full disk (ENOSPC) or a file too large (EFBIG) is an
`ExportError` naming the file and the reason; so is a written file that does not check
out (`verify`: a PDF whose trailer is missing, a PNG that does not decode).  Nothing
is renamed until every file of the set is written, checked and flushed to the disk
(`FileSet`); on any failure every temporary file is removed and no target is touched.
The ``.part`` files alive at any moment are known (`live_parts`), so that an export
stopped by a signal can remove them (`briefing_app.export.interrupt`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_app.export.errors import ExportError, Unverified
from briefing_app.model.i18n import Message, msg
from briefing_app.model.reasons import os_reason

__all__ = ["ExportError", "FileSet", "Unverified", "atomic_path", "write_bytes", "write_png"]

if TYPE_CHECKING:  # no Qt at import: the CSV export runs without it
    from PySide6.QtGui import QImage


#: checks a written temporary file, raising `Unverified` with what is wrong
Verify = Callable[[Path], None]

#: free room on a disk below which a writer's failure there is taken for a full disk
FULL_BYTES = 4 * 1024 * 1024

#: the temporary files being written, by any export of this process
_PARTS: set[Path] = set()
_PARTS_LOCK = threading.Lock()


def live_parts() -> list[Path]:
    """The ``.part`` files written at this moment (for removing them on a signal)."""
    with _PARTS_LOCK:
        return list(_PARTS)


def _forget(*paths: Path) -> None:
    with _PARTS_LOCK:
        _PARTS.difference_update(paths)


def _reason(exc: OSError) -> Message:
    """An OSError in words: "no space left on device (the disk is full)", in the
    language of the interface (`model.reasons`)."""
    text = os_reason(exc)
    if exc.errno == errno.ENOSPC:
        return msg("{reason} (the disk is full)", reason=text)
    if exc.errno in (errno.EFBIG, errno.EDQUOT):
        return msg(
            "{reason} (larger than the system allows here: a file size limit or a quota)",
            reason=text,
        )
    return text


def cannot_write(target: object, reason: object) -> Message:
    """The failure to write *target*: *reason* an `OSError`, an exception raised with a
    message (`Unverified`), or a message."""
    if isinstance(reason, OSError):
        reason = _reason(reason)
    elif isinstance(reason, BaseException):
        reason = str(reason)  # a Message raised stays one
    return msg("cannot write {target}: {reason}", target=str(target), reason=reason)


def why_unwritten(path: Path) -> str:
    """Why a writer that gives no reason (Qt's PDF and PNG writers) failed on *path*, in
    the words of `_reason`: the disk holding it full, or the system's file size limit
    reached; "" when neither."""
    with contextlib.suppress(OSError):
        st = os.statvfs(path.parent if str(path.parent) else ".")
        if st.f_bavail * st.f_frsize < FULL_BYTES:
            return _reason(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        if soft != resource.RLIM_INFINITY and path.stat().st_size >= soft:
            return _reason(OSError(errno.EFBIG, os.strerror(errno.EFBIG)))
    except (ImportError, OSError, ValueError):
        pass
    return ""


def explained(what: str, path: Path) -> Unverified:
    """*what* went wrong writing *path*, with the reason where the system shows one."""
    why = why_unwritten(path)
    return Unverified(msg("{what}: {why}", what=what, why=why) if why else what)


def _package_area(location: str | os.PathLike[str]) -> tuple[Path, bool] | None:
    """What an export must not write into: the package's folder (resolved, links
    followed) and True, or its zip and False; None for no location."""
    if not str(location):
        return None
    where = Path(location).resolve()
    if where.is_dir():
        return where, True
    if where.suffix.lower() == ".json":  # a datapackage.json: its folder is the package
        return where.parent, True
    return where, False  # a zip: the file itself


def refuse_inside_package(location: str | os.PathLike[str] | None, *targets: Path) -> None:
    """Refuse, before anything is written, an output inside the package being exported:
    a file or folder inside its folder, or the zip itself, once every link in the path is
    resolved (``export pdf P/datapackage.json --package P --force`` replaced the
    descriptor).  ``--force`` does not lift this.  An output folder that *contains* the
    package is allowed: an export writes only its own files into it, none of them inside
    the package (each file is checked too), and removes nothing."""
    area = _package_area(location or "")
    if area is None:
        return
    root, is_folder = area
    for target in targets:
        resolved = Path(target).resolve()
        if resolved == root or (is_folder and root in resolved.parents):
            words = (
                msg(
                    "cannot write {target}: it is inside the package being exported ({root}); "
                    "an export never writes into its package, with --force or not: choose a "
                    "place outside it",
                    target=str(target),
                    root=str(root),
                )
                if is_folder
                else msg(
                    "cannot write {target}: it is the package being exported ({root}); an "
                    "export never writes into its package, with --force or not: choose a "
                    "place outside it",
                    target=str(target),
                    root=str(root),
                )
            )
            raise ExportError(words)


class FileSet:
    """Files written as one: `add` gives a temporary path beside each target; `commit`
    checks each (its *verify*), flushes it to the disk and renames them all onto their
    targets; `discard` removes them.  Used as a context manager it commits on success and
    discards on any exception, so that an export writes all of its files or none.

    Refuses to overwrite a target without *force*, and a target that is a folder.  If a
    rename fails part way (the disk changed under it), the targets already renamed are
    put back as they were (a hard-linked copy of each replaced file is kept until then).
    """

    def __init__(self, *, force: bool = False) -> None:
        self.force = force
        self._files: list[tuple[Path, Path, Verify | None]] = []
        self._last: Path | None = None

    def __enter__(self) -> FileSet:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self.commit()
            return
        self.discard()
        # a write into the newest file failed: say which file, and why
        target = self._last
        if isinstance(exc, Unverified):
            raise ExportError(cannot_write(target, exc)) from None
        if isinstance(exc, OSError):
            raise ExportError(cannot_write(target, exc)) from None

    def add(self, target: str | os.PathLike[str], verify: Verify | None = None) -> Path:
        """A new temporary file beside *target* to write (empty, private until commit)."""
        target = Path(target)
        if target.is_dir():
            raise ExportError(msg("{target} is a folder", target=str(target)))
        if target.exists() and not self.force:
            raise ExportError(
                msg("{target} already exists (use --force to overwrite)", target=str(target))
            )
        parent = target.parent if str(target.parent) else Path(".")
        if not parent.is_dir():
            raise ExportError(
                msg(
                    "cannot write {target}: folder {parent} does not exist",
                    target=str(target),
                    parent=str(parent),
                )
            )
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=parent)
        except OSError as exc:
            raise ExportError(cannot_write(target, exc)) from None
        os.close(fd)
        path = Path(tmp)
        with _PARTS_LOCK:
            _PARTS.add(path)
        self._files.append((target, path, verify))
        self._last = target
        return path

    @property
    def targets(self) -> list[Path]:
        return [target for target, _, _ in self._files]

    def discard(self) -> None:
        """Remove every temporary file; no target is touched."""
        for _, tmp, _ in self._files:
            with contextlib.suppress(OSError):
                tmp.unlink()
        _forget(*(tmp for _, tmp, _ in self._files))
        self._files = []

    def commit(self) -> list[Path]:
        """Check, flush and rename every file; on any failure remove them all."""
        try:
            for target, tmp, verify in self._files:
                try:
                    if verify is not None:
                        verify(tmp)
                    _flush(tmp)
                    # mkstemp makes the file private (0600): give it the mode a new file gets
                    os.chmod(tmp, _mode_for(target))
                except Unverified as exc:
                    raise ExportError(cannot_write(target, exc)) from None
                except OSError as exc:
                    raise ExportError(cannot_write(target, exc)) from None
            return self._rename_all()
        finally:
            self.discard()

    def _rename_all(self) -> list[Path]:
        done: list[tuple[Path, Path | None]] = []  # (target, the copy of what it replaced)
        try:
            for target, tmp, _ in self._files:
                backup = _backup(target, tmp)
                try:
                    os.replace(tmp, target)
                except OSError as exc:
                    if backup is not None:
                        with contextlib.suppress(OSError):
                            backup.unlink()
                    raise ExportError(cannot_write(target, exc)) from None
                done.append((target, backup))
        except BaseException:
            for target, backup in reversed(done):  # put back what was there
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    else:
                        target.unlink()
            raise
        finally:
            for _, backup in done:
                if backup is not None:
                    with contextlib.suppress(OSError):
                        backup.unlink()
            _forget(*(b for _, b in done if b is not None))
        for folder in {t.parent for t, _ in done}:
            _flush_folder(folder)
        return [t for t, _ in done]


def _backup(target: Path, tmp: Path) -> Path | None:
    """A hard link to the file *target* replaces, to put it back if a later rename of the
    same set fails; None when there is none (or links are not possible there)."""
    if not target.is_file():
        return None
    backup = tmp.with_name(tmp.name[: -len(".part")] + ".old.part")
    try:
        os.link(target, backup)
    except OSError:
        return None
    with _PARTS_LOCK:
        _PARTS.add(backup)
    return backup


def _flush(path: Path) -> None:
    """Write *path*'s data to the disk now: a full disk that the writes did not report
    (delayed allocation) is reported here, before the rename, not after it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flush_folder(folder: Path) -> None:
    """Make the renames in *folder* durable (where the system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(
    target: str | os.PathLike[str], *, force: bool = False, verify: Verify | None = None
) -> Iterator[Path]:
    """Yield a temporary path to write; on success check it with *verify*, flush it and
    rename it onto *target* (a `FileSet` of one).

    Refuses to overwrite without *force*; leaves nothing behind on failure.  An OSError
    while writing (a full disk) becomes an `ExportError` naming *target*, and so does an
    `Unverified` file.
    """
    target = Path(target)
    files = FileSet(force=force)
    tmp = files.add(target, verify)
    try:
        yield tmp
    except Unverified as exc:
        files.discard()
        raise ExportError(cannot_write(target, exc)) from None
    except OSError as exc:
        files.discard()
        raise ExportError(cannot_write(target, exc)) from None
    except BaseException:
        files.discard()
        raise
    files.commit()


def _mode_for(target: Path) -> int:
    """The mode of the file being replaced, else 0666 less the process umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_png(image: QImage, target: Path, *, force: bool = False) -> Path:
    """Write *image* to *target* as PNG, atomically (see `atomic_path`), checked by
    decoding it again."""
    from briefing_app.export.verify import png_checker

    with atomic_path(target, force=force, verify=png_checker(image.size())) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise explained(msg("the image could not be saved"), tmp)
    return target


def write_bytes(
    data: bytes, target: Path, *, force: bool = False, verify: Verify | None = None
) -> Path:
    """Write *data* to *target*, atomically (see `atomic_path`), checked by reading it
    back (and with *verify*)."""
    with atomic_path(target, force=force, verify=verify) as tmp:
        write_checked(tmp, data)
    return target


def write_checked(path: Path, data: bytes) -> None:
    """Write *data* to *path* and read it back: every write and the close are checked
    (an OSError on a full disk), and the file must hold exactly *data*."""
    with open(path, "wb") as fh:
        fh.write(data)
    from briefing_app.export.verify import same_bytes

    same_bytes(path, data)
