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
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from briefing_app.model import openat
from briefing_app.model.i18n import Message, msg, nmsg
from briefing_app.model.openat import os_reason
from briefing_app.model.problems import PackageError, Problem
from briefing_app.model.reasons import zip_reason

DESCRIPTOR = "datapackage.json"

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Limits:
    """Size limits, in bytes."""

    descriptor: int = 5 * 1024**2
    #: one resource file, and all files together: a series table of a million rows
    #: takes 20-40 MiB; within these, a package of text cells peaks under 1 GB of memory
    resource: int = 64 * 1024**2
    total: int = 128 * 1024**2
    #: a zip member inflating more than this many times its stored size is refused
    zip_ratio: int = 200
    #: most files a zip archive may hold
    zip_members: int = 10_000


DEFAULT_LIMITS = Limits()


def shown_name(name: str, n: int = 80) -> str:
    """*name* quoted for a message, shortened if long."""
    name = name if len(name) <= n else name[: n - 1] + "…"
    if "'" in name or _CONTROL.search(name):
        return repr(name)
    return f"'{name}'"  # not repr: a Windows path keeps single backslashes


def unsafe_path_reason(name: object) -> Message | None:
    """Why *name* is not a safe relative path inside a package, or None if it is."""
    if not isinstance(name, str) or not name.strip():
        return msg("must be the path of a file inside the package, e.g. 'data/sources.csv'")
    if _URL.match(name):
        return msg(
            "is a web address; packages are read offline, "
            "so every resource must be a file inside the package"
        )
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return msg("is an absolute path; give a path relative to the package folder")
    if _CONTROL.search(name):
        return msg("contains control characters")
    if "\\" in name:
        return msg("uses '\\' between folders; use '/'")
    if ".." in PurePosixPath(name).parts:
        return msg("leads outside the package ('..' is not allowed)")
    return None


def normal_name(name: str) -> str:
    """*name* without empty and '.' parts: 'a/./b' and 'a//b' are 'a/b'."""
    return "/".join(part for part in name.split("/") if part not in ("", "."))


def _fold(name: str) -> str:
    """*name* as a case-insensitive disk (Windows, macOS) tells names apart."""
    return unicodedata.normalize("NFC", name).casefold()


def check_relative_path(name: object, where: str, field: str) -> str:
    """Return *name* if it is a safe relative POSIX path, else raise PackageError."""
    reason = unsafe_path_reason(name)
    if reason is None:
        return name  # type: ignore[return-value]
    if isinstance(name, str) and name.strip():
        reason = msg("{path} {reason}", path=shown_name(name), reason=reason)
    raise PackageError(Problem(where, reason, field=field))


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
                    msg(
                        "the package is larger than the {size} this viewer reads in total",
                        size=human_size(self.limits.total),
                    ),
                )
            )

    def close(self) -> None:
        pass


class FolderStorage(PackageStorage):
    def __init__(self, root: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(limits)
        self.root = root
        self.label = str(root)
        self._real_root = Path(os.path.realpath(root))
        #: a handle on the folder: every file is opened from it, part by part (openat.py)
        self._root_fd: int | None = None
        if openat.SUPPORTED:
            try:
                self._root_fd = openat.open_root(root)
            except OSError as exc:
                raise PackageError(
                    Problem(str(root), msg("cannot open: {reason}", reason=os_reason(exc)))
                ) from None

    def read(self, name: str, *, limit: int | None = None, field: str = "path") -> bytes:
        limit = self.limits.resource if limit is None else limit
        if self._root_fd is not None:
            fd = openat.open_inside(self._root_fd, str(self._real_root), name)
        else:
            fd = self._open_resolved(name, limit)
        try:
            # what was opened is what is checked: a regular file, within the limits
            st = os.fstat(fd)
            _check_regular(name, st)
            self._check_size(name, st.st_size, limit)
            self._count(name, st.st_size)
            with os.fdopen(fd, "rb", closefd=False) as fh:
                # its size, and one byte more to tell that it grew: no buffer of the limit
                data = fh.read(st.st_size + 1)
        except OSError as exc:
            raise PackageError(
                Problem(name, msg("cannot read: {reason}", reason=os_reason(exc)))
            ) from None
        finally:
            os.close(fd)
        if len(data) > st.st_size:
            raise PackageError(Problem(name, msg("cannot read: the file grew while it was read")))
        return data

    def _open_resolved(self, name: str, limit: int) -> int:
        """Open *name* where ``dir_fd`` is not supported: the path is resolved and checked
        to stay inside the package, then opened (a link swapped in between could still be
        followed; `openat` closes that gap where it can)."""
        path = self.root / name
        try:
            os.lstat(path)
        except FileNotFoundError:
            raise PackageError(Problem(name, msg("file not found in the package"))) from None
        except OSError as exc:
            raise PackageError(
                Problem(name, msg("cannot read: {reason}", reason=os_reason(exc)))
            ) from None
        # realpath follows links anywhere along the path, not just the last part,
        # and (unlike Path.resolve on Python 3.11) does not raise on a link loop.
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(self._real_root):
            raise PackageError(
                Problem(
                    name, msg("is a symbolic link that leads outside the package; not followed")
                )
            )
        try:
            st = os.stat(real)
        except FileNotFoundError:
            raise PackageError(
                Problem(name, msg("is a symbolic link to a file that does not exist"))
            ) from None
        except OSError as exc:
            raise PackageError(
                Problem(name, msg("cannot read: {reason}", reason=os_reason(exc)))
            ) from None
        _check_regular(name, st)
        self._check_size(name, st.st_size, limit)
        # O_NONBLOCK: should the file be swapped for a pipe after the check above,
        # opening it must not wait for a writer; fstat on the open file decides.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            return os.open(real, flags)
        except OSError as exc:
            raise PackageError(
                Problem(name, msg("cannot read: {reason}", reason=os_reason(exc)))
            ) from None

    @staticmethod
    def _check_size(name: str, size: int, limit: int) -> None:
        if size > limit:
            raise PackageError(
                Problem(
                    name,
                    msg(
                        "file is {size}; the limit is {limit}",
                        size=human_size(size),
                        limit=human_size(limit),
                    ),
                )
            )

    def close(self) -> None:
        if self._root_fd is not None:
            os.close(self._root_fd)
            self._root_fd = None


def _check_regular(name: str, st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise PackageError(Problem(name, msg("is a folder, not a file")))
    if not stat.S_ISREG(st.st_mode):
        raise PackageError(
            Problem(name, msg("is not a regular file (a device, pipe or socket); not read"))
        )


class ZipStorage(PackageStorage):
    """A package inside a zip archive, read in place."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(limits)
        self.label = str(path)
        zname = path.name
        entries = _zip_entry_count(path)
        if entries is not None and entries > limits.zip_members:
            # refused before zipfile builds an object per entry (millions would fill memory)
            raise PackageError(
                Problem(
                    zname,
                    nmsg(
                        "the archive holds {entries} file; at most {limit} are read",
                        "the archive holds {entries} files; at most {limit} are read",
                        entries,
                        entries=entries,
                        limit=limits.zip_members,
                    ),
                )
            )
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.LargeZipFile, *_ZIP_READ_ERRORS) as exc:
            raise PackageError(
                Problem(
                    zname,
                    msg("is not a readable zip archive ({reason})", reason=_zip_reason(exc)),
                )
            ) from None
        try:
            self._members = self._check_members(zname, self._zip.infolist(), limits)
        except PackageError:
            self._zip.close()
            raise
        # A package zipped with its folder: datapackage.json one level down.
        self._prefix = ""
        members = self._members
        if DESCRIPTOR not in members:
            # ignore the resource forks macOS adds to archives
            tops = {n.split("/", 1)[0] for n in members} - {"__MACOSX"}
            if len(tops) == 1 and f"{next(iter(tops))}/{DESCRIPTOR}" in members:
                self._prefix = next(iter(tops)) + "/"
            else:
                self._zip.close()
                raise PackageError(
                    Problem(
                        zname,
                        msg(
                            "the archive has no {descriptor} at its top level (or in a single top "
                            "folder): not a briefing package",
                            descriptor=DESCRIPTOR,
                        ),
                    )
                )

    @staticmethod
    def _check_members(
        zname: str, infos: list[zipfile.ZipInfo], limits: Limits
    ) -> dict[str, zipfile.ZipInfo]:
        if len(infos) > limits.zip_members:
            raise PackageError(
                Problem(
                    zname,
                    nmsg(
                        "the archive holds {count} file; at most {limit} are read",
                        "the archive holds {count} files; at most {limit} are read",
                        len(infos),
                        count=len(infos),
                        limit=limits.zip_members,
                    ),
                )
            )
        total = 0
        members: dict[str, zipfile.ZipInfo] = {}
        #: by a name that differs only in case or Unicode form: one file on most disks
        seen: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            raw = info.filename
            reason = unsafe_path_reason(raw)
            if reason is not None:
                raise PackageError(
                    Problem(
                        zname,
                        msg(
                            "archive member {name} {reason}; the archive was not read",
                            name=shown_name(raw),
                            reason=reason,
                        ),
                    )
                )
            if raw.endswith("/"):
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                raise PackageError(
                    Problem(
                        zname,
                        msg(
                            "archive member {name} is a symbolic link; the archive was not read",
                            name=shown_name(raw),
                        ),
                    )
                )
            key = normal_name(raw)
            same = members.get(key) or seen.get(_fold(key))
            if same is not None:
                text = (
                    msg(
                        "archive member {name} appears twice: which copy is the "
                        "package's is not clear; the archive was not read",
                        name=shown_name(raw),
                    )
                    if same.filename == raw
                    else msg(
                        "archive member {name} appears twice, as {other}: which copy is the "
                        "package's is not clear; the archive was not read",
                        name=shown_name(raw),
                        other=shown_name(same.filename),
                    )
                )
                raise PackageError(Problem(zname, text))
            seen[_fold(key)] = info
            total += info.file_size
            members[key] = info
        if total > limits.total:
            raise PackageError(
                Problem(
                    zname,
                    msg(
                        "the archive would inflate to {size}; the limit is {limit}",
                        size=human_size(total),
                        limit=human_size(limits.total),
                    ),
                )
            )
        return members

    def read(self, name: str, *, limit: int | None = None, field: str = "path") -> bytes:
        limit = self.limits.resource if limit is None else limit
        key = normal_name(self._prefix + name)
        info = self._members.get(key)
        if info is None:
            if any(n.startswith(key + "/") for n in self._members):
                raise PackageError(Problem(name, msg("is a folder, not a file")))
            raise PackageError(Problem(name, msg("file not found in the package")))
        if info.file_size > limit:
            raise PackageError(
                Problem(
                    name,
                    msg(
                        "file is {size}; the limit is {limit}",
                        size=human_size(info.file_size),
                        limit=human_size(limit),
                    ),
                )
            )
        if info.file_size > 1024**2:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > self.limits.zip_ratio:
                raise PackageError(
                    Problem(
                        name,
                        msg(
                            "is compressed {ratio} to 1 in the archive, more than the {zip_ratio} "
                            "to 1 allowed (a zip bomb?); not read",
                            ratio=format(ratio, ",.0f"),
                            zip_ratio=self.limits.zip_ratio,
                        ),
                    )
                )
        if info.flag_bits & 0x1:
            raise PackageError(
                Problem(
                    name, msg("is encrypted in the archive; password-protected files are not read")
                )
            )
        self._count(name, info.file_size)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(limit + 1)
        except _ZIP_READ_ERRORS as exc:
            raise PackageError(
                Problem(
                    name,
                    msg(
                        "cannot be read from the archive ({reason})",
                        reason=_zip_reason(exc),
                    ),
                )
            ) from None
        if len(data) > limit or len(data) != info.file_size:
            raise PackageError(
                Problem(name, msg("is damaged in the archive: its size does not match the header"))
            )
        return data

    def close(self) -> None:
        self._zip.close()


#: what reading a damaged, encrypted or oddly compressed member may raise
_ZIP_READ_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    EOFError,
)
try:  # lzma is optional in some Python builds
    import lzma

    _ZIP_READ_ERRORS += (lzma.LZMAError,)
except ImportError:  # pragma: no cover
    pass


def _zip_entry_count(path: Path) -> int | None:
    """The number of entries the archive's end record declares, read without parsing
    its directory; None if it cannot be told (zipfile then reports the problem)."""
    try:
        with open(path, "rb") as fh:
            end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]
    except (OSError, AttributeError, ValueError, EOFError, zipfile.BadZipFile):
        return None
    if not end:
        return None
    try:
        return int(end[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]
    except (AttributeError, IndexError, TypeError, ValueError):
        return None


def _zip_reason(exc: BaseException) -> str:
    if isinstance(exc, NotImplementedError):
        return msg(
            "it uses a zip feature this viewer cannot read: {reason}", reason=zip_reason(exc)
        )
    return zip_reason(exc)


def open_storage(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> PackageStorage:
    """Open a folder, a ``datapackage.json`` path or a ``.zip`` as package storage."""
    shown = str(path)
    try:
        p = Path(path)
        st = os.stat(p)
    except FileNotFoundError:
        raise PackageError(Problem(shown, msg("no such file or folder"))) from None
    except OSError as exc:
        raise PackageError(
            Problem(shown, msg("cannot open: {reason}", reason=os_reason(exc)))
        ) from None
    except (ValueError, TypeError):  # e.g. a NUL character in the path
        raise PackageError(Problem(shown, msg("is not a valid file or folder name"))) from None
    if stat.S_ISDIR(st.st_mode):
        try:
            os.lstat(p / DESCRIPTOR)
        except FileNotFoundError:
            raise PackageError(
                Problem(
                    shown,
                    msg(
                        "folder has no {descriptor}: not a briefing package", descriptor=DESCRIPTOR
                    ),
                )
            ) from None
        except OSError as exc:
            raise PackageError(
                Problem(shown, msg("cannot open: {reason}", reason=os_reason(exc)))
            ) from None
        return FolderStorage(p, limits)
    if not stat.S_ISREG(st.st_mode):
        raise PackageError(
            Problem(shown, msg("is not a file or folder (a device, pipe or socket); not read"))
        )
    if st.st_size == 0:
        raise PackageError(Problem(shown, msg("file is empty")))
    if p.suffix.lower() == ".zip" or zipfile.is_zipfile(p):
        return ZipStorage(p, limits)
    if p.name == DESCRIPTOR or p.suffix.lower() == ".json":
        storage = FolderStorage(p.parent, limits)
        storage.descriptor_name = p.name  # type: ignore[attr-defined]
        return storage
    raise PackageError(
        Problem(shown, msg("not a briefing package: open a folder, a datapackage.json or a .zip"))
    )
