#!/usr/bin/env python3
"""Install (or remove) the Briefing Viewer desktop entry and icons for the current user.

    make install-desktop                      from the source tree, after `make package`
    python3 BriefingViewer/install_desktop.py from an unpacked release archive
    python3 install_desktop.py --uninstall    remove what it installed

Writes ``$XDG_DATA_HOME/applications/briefing-viewer.desktop`` (default
``~/.local/share``) with ``Exec`` and ``TryExec`` set to the executable's absolute
path, and the icon into ``$XDG_DATA_HOME/icons/hicolor/<size>x<size>/apps/`` and
``…/hicolor/scalable/apps/``. Standard library only, so it runs with any python3.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

APP_ID = "briefing-viewer"  # the .desktop file's name; also QGuiApplication.desktopFileName
ICON_NAME = "briefing-viewer"
EXE_NAME = "BriefingViewer.exe" if sys.platform == "win32" else "BriefingViewer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

HERE = Path(__file__).resolve().parent


def default_locations() -> tuple[Path, Path, Path]:
    """(executable, icons folder, .desktop template) for where this script sits.

    Inside a built app folder (copied there by build.py) the executable is beside
    it; in the source tree (packaging/) it is dist/BriefingViewer/BriefingViewer.
    """
    if (HERE / EXE_NAME).is_file():
        icons = HERE / "_internal" / "resources" / "icons"
        return HERE / EXE_NAME, icons, HERE / f"{APP_ID}.desktop"
    root = HERE.parent
    return (
        root / "dist" / "BriefingViewer" / EXE_NAME,
        root / "resources" / "icons",
        HERE / f"{APP_ID}.desktop",
    )


def data_home(env: dict[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME if set to an absolute path (relative ones are ignored, per the
    XDG Base Directory spec), else ~/.local/share."""
    env = os.environ if env is None else env
    xdg = env.get("XDG_DATA_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg)
    home = env.get("HOME") or str(Path.home())
    return Path(home) / ".local" / "share"


def quote_exec_arg(arg: str) -> str:
    """Quote one argument of an Exec key (Desktop Entry spec, "The Exec key").

    Arguments with reserved characters are double-quoted with ``"`` ``\\`` `````
    ``$`` backslash-escaped; then, as for every string value, backslashes are
    doubled; a literal ``%`` is written ``%%``.
    """
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if any(c in reserved for c in arg):
        inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        arg = f'"{inner}"'
    return arg.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(template: str, exe: Path) -> str:
    """The template with Exec and TryExec pointing at *exe* (absolute)."""
    lines = []
    for line in template.splitlines():
        key = line.split("=", 1)[0].strip()
        if key == "Exec":
            line = f"Exec={quote_exec_arg(str(exe))} %f"
        elif key == "TryExec":
            # TryExec is a plain string value: only the general escapes apply
            line = "TryExec=" + str(exe).replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def targets(home: Path) -> dict[str, Path]:
    hicolor = home / "icons" / "hicolor"
    out = {"desktop": home / "applications" / f"{APP_ID}.desktop"}
    for size in ICON_SIZES:
        out[f"icon-{size}"] = hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
    out["icon-svg"] = hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg"
    return out


def _write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _refresh_caches(home: Path) -> None:
    """Best effort: refresh the user's caches so menus pick the change up at once.

    Only caches that already exist are refreshed: creating one where there was none
    could hide icons that other programs install later without refreshing it.
    """
    apps, hicolor = home / "applications", home / "icons" / "hicolor"
    for cache, cmd in (
        (apps / "mimeinfo.cache", ["update-desktop-database", "-q", str(apps)]),
        (hicolor / "icon-theme.cache", ["gtk-update-icon-cache", "-q", "-t", "-f", str(hicolor)]),
    ):
        if cache.is_file() and shutil.which(cmd[0]):
            subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def install(exe: Path, icons: Path, template: Path, home: Path) -> list[Path]:
    exe = exe.resolve()
    if not exe.is_file() or not os.access(exe, os.X_OK):
        raise SystemExit(
            f"install-desktop: no executable at {exe}: build it first (make package), "
            "or pass --exec PATH"
        )
    missing = [
        p
        for p in [icons / f"{ICON_NAME}-{s}.png" for s in ICON_SIZES] + [icons / f"{ICON_NAME}.svg"]
        if not p.is_file()
    ]
    if missing:
        raise SystemExit(f"install-desktop: missing icon {missing[0]}")
    dest = targets(home)
    written = []
    entry = desktop_entry(template.read_text(encoding="utf-8"), exe)
    _write_atomic(dest["desktop"], entry.encode("utf-8"))
    written.append(dest["desktop"])
    for size in ICON_SIZES:
        src = icons / f"{ICON_NAME}-{size}.png"
        _write_atomic(dest[f"icon-{size}"], src.read_bytes())
        written.append(dest[f"icon-{size}"])
    _write_atomic(dest["icon-svg"], (icons / f"{ICON_NAME}.svg").read_bytes())
    written.append(dest["icon-svg"])
    _refresh_caches(home)
    return written


def uninstall(home: Path) -> list[Path]:
    removed = []
    for path in targets(home).values():
        if path.is_file():
            path.unlink()
            removed.append(path)
    _refresh_caches(home)
    return removed


def main(argv: list[str] | None = None) -> int:
    exe, icons, template = default_locations()
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--exec", dest="exe", type=Path, default=exe, help=f"executable (default {exe})")
    p.add_argument("--icons", type=Path, default=icons, help=f"icons folder (default {icons})")
    p.add_argument("--template", type=Path, default=template, help=argparse.SUPPRESS)
    p.add_argument("--uninstall", action="store_true", help="remove the entry and icons")
    args = p.parse_args(argv)
    home = data_home()
    if args.uninstall:
        removed = uninstall(home)
        print(f"removed {len(removed)} file(s) from {home}")
        return 0
    written = install(args.exe, args.icons, args.template, home)
    print(f"installed the desktop entry for {args.exe.resolve()}:")
    for path in written:
        print(f"  {path}")
    validator = shutil.which("desktop-file-validate")
    if validator:
        res = subprocess.run([validator, str(written[0])], capture_output=True, text=True)
        if res.returncode != 0 or res.stdout.strip():
            print(res.stdout + res.stderr, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
