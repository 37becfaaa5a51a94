"""Open a file inside a package folder without ever following a link out of it.

Each part of the path is opened relative to the folder opened before it
(``os.open(part, dir_fd=...)``) with ``O_NOFOLLOW``, so that what is checked is what is
opened: a folder swapped for a link to elsewhere while the package is read is found
out at the moment it is opened, not before.  A link is followed only by hand, part by
part, and only while it stays inside the package.  The caller then checks the open
file itself (``fstat``: a regular file, its size).

Where ``dir_fd`` is not supported (Windows), `SUPPORTED` is False and the storage
falls back to resolving the path and checking it before opening.
"""

from __future__ import annotations

import errno
import os
from collections import deque
from pathlib import PurePosixPath

from briefing_app.model.i18n import msg
from briefing_app.model.problems import PackageError, Problem

SUPPORTED = (
    os.open in os.supports_dir_fd
    and os.readlink in os.supports_dir_fd
    and hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
)
#: links followed in one path at most, as the kernel allows (Linux: 40)
MAX_LINKS = 40
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
#: errors opening a part with O_NOFOLLOW that may mean "this part is a symbolic link"
_LINK_ERRNOS = {errno.ELOOP, errno.EMLINK, errno.ENOTDIR, getattr(errno, "EFTYPE", -1)}


def open_root(root: str | os.PathLike[str]) -> int:
    """A handle on the package folder, which every read starts from."""
    return os.open(root, os.O_RDONLY | os.O_DIRECTORY | _CLOEXEC)


def _outside(name: str) -> PackageError:
    return PackageError(
        Problem(name, msg("is a symbolic link that leads outside the package; not followed"))
    )


def os_reason(exc: OSError) -> str:
    """Why a file could not be opened or read, in words."""
    if exc.errno == errno.ELOOP:
        return msg("a symbolic link loops back on itself")
    if exc.errno == errno.ENAMETOOLONG:
        return msg("the path is too long")
    from briefing_app.model.reasons import os_reason as reason

    return reason(exc)


def _unreadable(name: str, exc: OSError) -> PackageError:
    return PackageError(Problem(name, msg("cannot read: {reason}", reason=os_reason(exc))))


def open_inside(root_fd: int, real_root: str, name: str) -> int:
    """A read-only descriptor of the file *name* (a checked relative path) inside the
    folder *root_fd* (whose resolved path is *real_root*); raises PackageError."""
    parts = deque(p for p in name.split("/") if p not in ("", "."))
    held: list[int] = []  # folders opened below the root; the current one is the last
    links = 0
    try:
        while parts:
            part = parts.popleft()
            here = held[-1] if held else root_fd
            if part == "..":  # only in a link's target
                if not held:
                    raise _outside(name)
                os.close(held.pop())
                continue
            last = not parts
            flags = os.O_RDONLY | os.O_NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0)
            if not last:
                flags |= os.O_DIRECTORY
            try:
                fd = os.open(part, flags, dir_fd=here)
            except OSError as exc:
                target = _link_target(part, here, exc, name, links)
                links += 1
                if links > MAX_LINKS:
                    raise PackageError(
                        Problem(name, msg("cannot read: a symbolic link loops back on itself"))
                    ) from None
                if target.startswith("/"):
                    rel = _relative_to_root(target, real_root)
                    if rel is None:
                        raise _outside(name) from None
                    for fd in held:
                        os.close(fd)
                    held.clear()
                    target = rel
                parts.extendleft(reversed([p for p in target.split("/") if p not in ("", ".")]))
                continue
            if last:
                return fd
            held.append(fd)
        raise PackageError(Problem(name, msg("is a folder, not a file")))
    finally:
        for fd in held:
            os.close(fd)


def _link_target(part: str, here: int, exc: OSError, name: str, links: int) -> str:
    """The target of the link *part* that opening it with O_NOFOLLOW met; raises the
    problem when *part* is no link (or vanished: the error is then the problem)."""
    if exc.errno == errno.ENOENT:
        if links:
            raise PackageError(
                Problem(name, msg("is a symbolic link to a file that does not exist"))
            ) from None
        raise PackageError(Problem(name, msg("file not found in the package"))) from None
    if exc.errno not in _LINK_ERRNOS:
        raise _unreadable(name, exc) from None
    try:
        return os.readlink(part, dir_fd=here)
    except OSError as exc2:
        if exc2.errno == errno.EINVAL:  # not a link: a file where a folder should be
            if exc.errno == errno.ENOTDIR:
                raise PackageError(Problem(name, msg("file not found in the package"))) from None
            raise _unreadable(name, exc) from None
        if exc2.errno == errno.ENOENT:  # a link a moment ago, gone now
            raise PackageError(Problem(name, msg("file not found in the package"))) from None
        raise _unreadable(name, exc2) from None


def _relative_to_root(target: str, real_root: str) -> str | None:
    """An absolute link target as a path from the package folder, or None if it does not
    start there (its '..' parts are walked like any other: they cannot leave it)."""
    parts, root = PurePosixPath(target).parts, PurePosixPath(real_root).parts
    if parts[: len(root)] != root:
        return None
    return "/".join(parts[len(root) :])
