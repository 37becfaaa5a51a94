"""Read-only access to a package's files, in a folder or inside a ``.zip``.

Nothing is extracted and nothing is written.  Every name a package asks for is
checked before it is opened: no absolute paths, no ``..``, no URLs, nothing
that leaves the package through a symbolic link, nothing that is not a regular
file, and nothing larger than the limits below (a zip's sizes are checked from
its directory before a byte is inflated, and again while reading).
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from briefing_app.model.problems import PackageError, Problem

DESCRIPTOR = "datapackage.json"

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass(frozen=True)
class Limits:
    """Size limits, in bytes."""

    descriptor: int = 5 * 1024**2
    resource: int = 256 * 1024**2
    total: int = 512 * 1024**2
    #: a zip member inflating more than this many times its stored size is refused
    zip_ratio: int = 200


DEFAULT_LIMITS = Limits()


def check_relative_path(name: object, where: str, field: str) -> str:
    """Return *name* if it is a safe relative POSIX path, else raise PackageError."""
    if not isinstance(name, str) or not name.strip():
        raise PackageError(Problem(where, "resource path must be a non-empty string", field=field))
    if _URL.match(name) and not re.match(r"^[A-Za-z]:[\\/]", name):
        raise PackageError(
            Problem(
                where, f"remote path {name!r} is not allowed: packages are offline", field=field
            )
        )
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", name):
        raise PackageError(Problem(where, f"absolute path {name!r} is not allowed", field=field))
    if "\\" in name or "\x00" in name:
        raise PackageError(
            Problem(where, f"path {name!r} must use '/' and no control bytes", field=field)
        )
    parts = PurePosixPath(name).parts
    if ".." in parts:
        raise PackageError(
            Problem(where, f"path {name!r} leaves the package ('..' is not allowed)", field=field)
        )
    return name


def human_size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,} bytes" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)  # pragma: no cover


class PackageStorage:
    """Base class: a set of files addressed by relative POSIX names."""

    #: what the user opened, for messages and the status bar
    label: str

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._read_total = 0

    def read(self, name: str, *, limit: int | None = None, field: str = "path") -> bytes:
        raise NotImplementedError

    def _count(self, name: str, size: int) -> None:
        self._read_total += size
        if self._read_total > self.limits.total:
            raise PackageError(
                Problem(
                    name,
                    f"the package is larger than the {human_size(self.limits.total)} "
                    "this viewer reads in total",
                )
            )

    def close(self) -> None:
        pass


class FolderStorage(PackageStorage):
    def __init__(self, root: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(limits)
        self.root = root
        self.label = str(root)
        self._real_root = root.resolve()

    def read(self, name: str, *, limit: int | None = None, field: str = "path") -> bytes:
        limit = self.limits.resource if limit is None else limit
        path = self.root / name
        try:
            st_link = os.lstat(path)
        except FileNotFoundError:
            raise PackageError(Problem(name, "file not found in the package")) from None
        except OSError as exc:
            raise PackageError(Problem(name, f"cannot read: {exc.strerror}")) from None
        real = path.resolve()
        # resolve() follows links anywhere along the path, not just the last part
        if not real.is_relative_to(self._real_root):
            raise PackageError(
                Problem(name, "symbolic link leads outside the package; not followed")
            )
        del st_link
        try:
            st = os.stat(real)
        except OSError as exc:
            raise PackageError(Problem(name, f"cannot read: {exc.strerror}")) from None
        if stat.S_ISDIR(st.st_mode):
            raise PackageError(Problem(name, "is a folder, not a file"))
        if not stat.S_ISREG(st.st_mode):
            raise PackageError(Problem(name, "is not a regular file (device, pipe or socket)"))
        if st.st_size > limit:
            raise PackageError(
                Problem(
                    name,
                    f"file is {human_size(st.st_size)}; the limit is {human_size(limit)}",
                )
            )
        self._count(name, st.st_size)
        try:
            with open(real, "rb") as fh:
                data = fh.read(limit + 1)
        except OSError as exc:
            raise PackageError(Problem(name, f"cannot read: {exc.strerror}")) from None
        if len(data) > limit:
            raise PackageError(Problem(name, f"file is larger than {human_size(limit)}"))
        return data


class ZipStorage(PackageStorage):
    """A package inside a zip archive, read in place."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(limits)
        self.label = str(path)
        zname = path.name
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise PackageError(Problem(zname, f"not a readable zip archive ({exc})")) from None
        infos = self._zip.infolist()
        total = 0
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            raw = info.filename
            if raw.endswith("/"):
                continue
            try:
                check_relative_path(raw, zname, "member")
            except PackageError as exc:
                self._zip.close()
                raise PackageError(
                    Problem(zname, f"unsafe member name {raw!r}: {exc.problem.message}")
                ) from None
            if info.external_attr >> 16 and stat.S_ISLNK(info.external_attr >> 16):
                self._zip.close()
                raise PackageError(Problem(zname, f"member {raw!r} is a symbolic link"))
            total += info.file_size
            members[raw] = info
        if total > limits.total:
            self._zip.close()
            raise PackageError(
                Problem(
                    zname,
                    f"archive would inflate to {human_size(total)}; "
                    f"the limit is {human_size(limits.total)}",
                )
            )
        # A package zipped with its folder: datapackage.json one level down.
        self._prefix = ""
        if DESCRIPTOR not in members:
            tops = {n.split("/", 1)[0] for n in members}
            if len(tops) == 1 and f"{next(iter(tops))}/{DESCRIPTOR}" in members:
                self._prefix = next(iter(tops)) + "/"
        self._members = members

    def read(self, name: str, *, limit: int | None = None, field: str = "path") -> bytes:
        limit = self.limits.resource if limit is None else limit
        info = self._members.get(self._prefix + name)
        if info is None:
            if any(n.startswith(self._prefix + name.rstrip("/") + "/") for n in self._members):
                raise PackageError(Problem(name, "is a folder, not a file"))
            raise PackageError(Problem(name, "file not found in the package"))
        if info.file_size > limit:
            raise PackageError(
                Problem(
                    name, f"file is {human_size(info.file_size)}; the limit is {human_size(limit)}"
                )
            )
        if info.compress_size and info.file_size > 1024**2:
            ratio = info.file_size / info.compress_size
            if ratio > self.limits.zip_ratio:
                raise PackageError(
                    Problem(
                        name,
                        f"compressed {ratio:,.0f} to 1 (a zip bomb?); "
                        f"the limit is {self.limits.zip_ratio} to 1",
                    )
                )
        self._count(name, info.file_size)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise PackageError(Problem(name, f"cannot read from the archive ({exc})")) from None
        if len(data) > limit or len(data) != info.file_size:
            raise PackageError(Problem(name, "archive member's size does not match its header"))
        return data

    def close(self) -> None:
        self._zip.close()


def open_storage(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> PackageStorage:
    """Open a folder, a ``datapackage.json`` path or a ``.zip`` as package storage."""
    p = Path(path)
    shown = str(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise PackageError(Problem(shown, "no such file or folder")) from None
    except OSError as exc:
        raise PackageError(Problem(shown, f"cannot open: {exc.strerror}")) from None
    if stat.S_ISDIR(st.st_mode):
        if not (p / DESCRIPTOR).exists() and not (p / DESCRIPTOR).is_symlink():
            raise PackageError(
                Problem(shown, f"folder has no {DESCRIPTOR}: not a briefing package")
            )
        return FolderStorage(p, limits)
    if not stat.S_ISREG(st.st_mode):
        raise PackageError(Problem(shown, "is not a regular file or folder"))
    if st.st_size == 0:
        raise PackageError(Problem(shown, "file is empty"))
    if p.suffix.lower() == ".zip" or zipfile.is_zipfile(p):
        return ZipStorage(p, limits)
    if p.name == DESCRIPTOR or p.suffix.lower() == ".json":
        storage = FolderStorage(p.parent, limits)
        storage.descriptor_name = p.name  # type: ignore[attr-defined]
        return storage
    raise PackageError(
        Problem(shown, "not a briefing package: open a folder, a datapackage.json or a .zip")
    )
