"""Atomic writes: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # no Qt at import: the CSV export runs without it
    from PySide6.QtGui import QImage


class ExportError(Exception):
    """A clear, user-facing reason an export failed."""


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
            where = (
                f"inside the package being exported ({root})"
                if is_folder
                else (f"the package being exported ({root})")
            )
            raise ExportError(
                f"cannot write {target}: it is {where}; an export never writes into its "
                "package, with --force or not: choose a place outside it"
            )


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write; on success rename it onto *target*.

    Refuses to overwrite without *force*; leaves nothing behind on failure.
    """
    target = Path(target)
    if target.exists() and not force:
        raise ExportError(f"{target} already exists (use --force to overwrite)")
    if target.exists() and target.is_dir():
        raise ExportError(f"{target} is a folder")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=parent)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror}") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp makes the file private (0600): give it the mode a new file would get
        os.chmod(tmp_path, _mode_for(target))
        os.replace(tmp_path, target)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


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
    """Write *image* to *target* as PNG, atomically (see `atomic_path`)."""
    with atomic_path(target, force=force) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise ExportError(f"cannot write {target}")
    return target


def write_bytes(data: bytes, target: Path, *, force: bool = False) -> Path:
    """Write *data* to *target*, atomically (see `atomic_path`)."""
    with atomic_path(target, force=force) as tmp:
        tmp.write_bytes(data)
    return target
