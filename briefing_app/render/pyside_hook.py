"""A lighter PySide6 import hook: call `lighten` before PySide6 is first imported
(`import_qt` does, then imports Qt's widgets and pyqtgraph).

Once PySide6 is imported it looks at every module imported after it, as it is imported,
to know which use PySide6 and so may ask for its ``__feature__`` options (snake_case
names, true properties).  It finds out with ``inspect.getsource(module)``: each module's
source is read, decoded line by line and kept in `linecache` for the life of the
process.  The window imports ~280 modules after PySide6 (pyqtgraph and its own, and what
they import): ~11 MB of source text kept for nothing and ~2,700 page faults of every
start (issue #22; ~25 ms here, more where a fresh page of memory is dear).

`lighten` gives that hook the same answer a cheaper way: the module's file read as bytes
and searched for ``b"PySide6"``, which is what PySide's own check searches the source
for.  A module without a ``.py`` file that can be read (built in, compiled, frozen in the
packaged app, whose modules name ``.py`` files that are not there) is left to PySide's
check, as is any call the hook did not expect.  The hook is private to PySide
(``shibokensupport.feature._mod_uses_pyside``); where a PySide6 has none, nothing is
changed and PySide works as shipped.

`support_code_kept` keeps PySide's own support modules compiled between starts, and
`mirror_lazily` is the same kind of help for pyqtgraph: see there.
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import importlib.abc
import importlib.util
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import CodeType, ModuleType

from briefing_app.model.cachedir import cache_root, usable

#: PySide's name for the check, in ``shibokensupport.feature``
HOOK = "_mod_uses_pyside"
#: what a module that uses PySide6 names in its source
MARK = b"PySide6"


def uses_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """Whether *module*'s source names PySide6 (as PySide's own check finds out), from
    its ``.py`` file's bytes; *fallback(module)* for a module without one."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return fallback(module)
    try:
        with open(path, "rb") as fh:
            return MARK in fh.read()
    except OSError:
        return fallback(module)


def lighten() -> bool:
    """Put `uses_pyside` in place of PySide's check, before PySide6 is imported (PySide
    checks the modules imported after it); whether it is in place."""
    try:
        # once: a second `support_code_kept` would find nothing left to compile
        with support_code_kept() if "shiboken6" not in sys.modules else contextlib.nullcontext():
            import shiboken6  # noqa: F401  (loads PySide's support modules, not Qt)
    except ImportError:
        return False
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, HOOK, None)
    if original is None:
        return False
    if getattr(original, "lightened", False):
        return True

    def check(module: ModuleType, *rest, **kwargs) -> bool:
        # a PySide that calls its check another way, or a module this cannot read, gets
        # PySide's own check: never an import that fails because of this
        if rest or kwargs or not isinstance(module, ModuleType):
            return original(module, *rest, **kwargs)
        try:
            return uses_pyside(module, original)
        except Exception:
            return original(module)

    check.lightened = True  # type: ignore[attr-defined]
    check.original = original  # type: ignore[attr-defined]  (PySide's, for the tests)
    setattr(feature, HOOK, check)
    return True


# -- PySide's support code, compiled once ---------------------------------------------
# Importing shiboken6 (before any Qt module) loads PySide's support modules (signatures,
# features, enums: 13 of them) from a zip embedded in the library, and compiles each from
# its source with `compile` at every start: no bytecode is ever kept (signature_bootstrap,
# EmbeddableZipImporter).  That is 25-45 ms of every start here, a third of importing
# shiboken6 (issue #22).  `support_code_kept` keeps the code objects, as Python keeps a
# module's bytecode in __pycache__: in the user's cache folder, one file per Python
# bytecode version, each module's code under its file name and the digest of its source,
# so that another PySide, or a changed module, is compiled again, never run stale.

#: how PySide's embedded importer names the files it compiles
SUPPORT_PREFIX = "shibokensupport/"
_log = logging.getLogger(__name__)


@dataclass
class SupportCode:
    """What `support_code_kept` did: modules read back, and compiled (and kept)."""

    read: int = 0
    compiled: int = 0
    #: the cache file, or None where there is no cache folder
    path: Path | None = None
    #: code of the modules asked for in this run, by key (what is written back)
    used: dict[str, CodeType] = field(default_factory=dict, repr=False)


#: the last run of `support_code_kept` (None: never run, shiboken6 was imported before)
SUPPORT_CODE: SupportCode | None = None


def support_code_file() -> Path | None:
    """The file PySide's compiled support code is kept in (in the app's cache folder,
    which ``BRIEFING_NO_CACHE`` does not turn off: see `briefing_app.model.cachedir`), or
    None where there is no folder for it (no home folder)."""
    try:
        folder = cache_root()
    except (RuntimeError, KeyError, OSError):  # Path.home() without a home
        return None
    # marshal's format is the interpreter's own: one file per bytecode version
    return folder / f"pyside-support-{importlib.util.MAGIC_NUMBER.hex()}.marshal"


def _read_support_code(path: Path) -> dict[str, CodeType]:
    if not usable(path.parent):  # code is run from it: the user's folder only
        return {}
    try:
        with open(path, "rb") as fh:
            kept = marshal.load(fh)
    except FileNotFoundError:
        return {}
    except Exception:  # damaged or truncated: compiled again and written anew
        _log.debug("ignoring unreadable %s", path, exc_info=True)
        return {}
    if not isinstance(kept, dict):
        return {}
    return {k: v for k, v in kept.items() if isinstance(k, str) and isinstance(v, CodeType)}


def _write_support_code(path: Path, code: dict[str, CodeType]) -> None:
    """Write *code* atomically; a cache that cannot be written is no cache, not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(code, fh)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except Exception:
        _log.debug("could not write %s", path, exc_info=True)


@contextlib.contextmanager
def support_code_kept() -> Iterator[SupportCode]:
    """While shiboken6 is imported: PySide's support modules compiled once and kept
    (see above).  Only ``compile(source, "shibokensupport/…", "exec")``, PySide's own
    call, is answered from the cache; any other call is Python's."""
    global SUPPORT_CODE
    run = SupportCode(path=support_code_file())
    kept = _read_support_code(run.path) if run.path is not None else {}
    original = builtins.compile

    def compile_(source, filename, mode, *rest, **kwargs):
        if (
            rest
            or kwargs
            or mode != "exec"
            or not isinstance(filename, str)
            or not filename.startswith(SUPPORT_PREFIX)
            or not isinstance(source, bytes | str)
        ):
            return original(source, filename, mode, *rest, **kwargs)
        raw = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
        key = f"{filename}:{hashlib.sha256(raw).hexdigest()}"
        code = kept.get(key)
        if code is not None and code.co_filename == filename:
            run.read += 1
        else:
            code = original(source, filename, mode)
            run.compiled += 1
        run.used[key] = code
        return code

    builtins.compile = compile_
    try:
        yield run
    finally:
        if builtins.compile is compile_:
            builtins.compile = original
        SUPPORT_CODE = run
        # written when something was compiled: the next start reads it all back
        if run.compiled and run.path is not None:
            _write_support_code(run.path, run.used)


#: pyqtgraph's module that mirrors Qt's, and the PySide6 modules it mirrors
SHIM = "pyqtgraph.Qt"
MIRRORED = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")


def forward(mirror: ModuleType, source: ModuleType) -> None:
    """Make *mirror* answer for any name it lacks with *source*'s (PEP 562), as if every
    name had been copied, without making each of PySide's types up front: a name is
    copied when first asked for (later lookups are plain module attributes: pyqtgraph
    looks up hundreds a repaint), and ``__all__`` lists *source*'s public names, so a
    star import gets what the copy gave."""

    def __getattr__(name: str) -> object:
        if name == "__all__":
            return [n for n in builtins.dir(source) if not n.startswith("_")]
        value = getattr(source, name)
        mirror.__dict__[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(mirror.__dict__) | set(builtins.dir(source)))

    mirror.__getattr__ = __getattr__  # type: ignore[method-assign]
    mirror.__dir__ = __dir__  # type: ignore[method-assign]


class _MirrorLoader:
    """pyqtgraph.Qt's own loader, with `dir` of the three PySide6 modules answered by
    `forward` while the module runs; everything else is the real loader's."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> object:
        return getattr(self.loader, name)

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        def lazy_dir(*args: object) -> list[str]:
            # the shim's `_copy_attrs(src, dst)` copies every name of `dir(src)` into
            # its own QtCore, QtGui and QtWidgets; forwarding gives the same names
            if len(args) == 1 and isinstance(args[0], ModuleType):
                source = args[0]
                if source.__name__ in MIRRORED:
                    mirror = sys.modules.get(f"{SHIM}.{source.__name__.rsplit('.', 1)[1]}")
                    if mirror is not None and mirror.__dict__.get("__getattr__") is None:
                        forward(mirror, source)
                        return []
            return builtins.dir(*args)

        module.__dict__["dir"] = lazy_dir
        try:
            self.loader.exec_module(module)
        finally:
            module.__dict__.pop("dir", None)
            # the module keeps its real loader: nothing of this is left once it has run
            module.__loader__ = self.loader
            if getattr(module, "__spec__", None) is not None:
                module.__spec__.loader = self.loader


class _MirrorFinder(importlib.abc.MetaPathFinder):
    """Finds pyqtgraph.Qt with the finders after it (a file, or the packaged app's
    archive) and gives it a `_MirrorLoader`."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != SHIM:
            return None
        for finder in sys.meta_path:
            # not another of these (a second `mirror_lazily` at once): each would ask the other
            if isinstance(finder, _MirrorFinder) or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _MirrorLoader(spec.loader)  # type: ignore[assignment]
                return spec
        return None


@contextlib.contextmanager
def mirror_lazily() -> Iterator[None]:
    """While pyqtgraph is first imported, let its Qt shim forward to PySide6's modules
    instead of copying them.

    pyqtgraph.Qt copies every name of PySide6.QtCore, QtGui and QtWidgets into mirror
    modules of its own.  PySide6 makes a type when it is first looked up, so the copy
    makes all ~720 of them (~100 ms of every start, issue #22), where the app and
    pyqtgraph use about a fifth.  The mirrors answer the same names with the same
    objects, each made when first asked for.  Nothing changes where pyqtgraph is already
    imported."""
    if SHIM in sys.modules:
        yield
        return
    if any(isinstance(f, _MirrorFinder) for f in sys.meta_path):  # one is in place
        yield
        return
    finder = _MirrorFinder()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(finder)


def in_place() -> tuple[bool, bool, bool]:
    """Whether PySide's check is `lighten`-ed, pyqtgraph's shim forwards
    (`mirror_lazily`) and PySide's support code went through `support_code_kept`, as the
    packaged app's self-test reports them."""
    feature = sys.modules.get("shibokensupport.feature")
    lightened = bool(getattr(getattr(feature, HOOK, None), "lightened", False))
    mirror = sys.modules.get(f"{SHIM}.QtWidgets")
    kept = SUPPORT_CODE is not None and SUPPORT_CODE.read + SUPPORT_CODE.compiled > 0
    return lightened, mirror is not None and "__getattr__" in vars(mirror), kept


def import_qt() -> None:
    """Import Qt's widgets and pyqtgraph (with the app's charts), `lighten`-ed and
    `mirror_lazily`: what the window and the exports that draw need before their first
    Qt call."""
    lighten()
    import PySide6.QtWidgets  # noqa: F401

    with mirror_lazily():
        import briefing_app.render.charts  # noqa: F401  (pyqtgraph)
