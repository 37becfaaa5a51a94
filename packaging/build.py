"""Build the desktop executable: ``make package`` (or ``python packaging/build.py``).

1. checks the inputs (bundled briefing, fonts, icons),
2. runs PyInstaller on ``packaging/briefing-app.spec`` -> ``dist/BriefingViewer/``,
3. audits the folder against ``bundle_policy`` (nothing unused in, nothing needed out),
4. checks ``BriefingViewer --version`` against pyproject.toml,
5. adds the desktop-entry installer to the folder (Linux),
6. archives it: ``dist/BriefingViewer-<version>-<os>-<arch>.tar.gz`` (``.zip`` on Windows),
7. prints the sizes.

The same command works on Windows and macOS (the spec picks icon formats and
platform plugins per platform; macOS also gets ``dist/BriefingViewer.app``).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bundle_policy  # noqa: E402

SPEC = HERE / "briefing-app.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
APP = bundle_policy.APP_NAME


def version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["version"]


def platform_tag() -> str:
    osname = {"linux": "linux", "win32": "windows", "darwin": "macos"}[bundle_policy.platform_key()]
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{osname}-{machine}"


def exe_path(app_dir: Path) -> Path:
    return app_dir / (f"{APP}.exe" if sys.platform == "win32" else APP)


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def fail(message: str) -> None:
    print(f"build.py: {message}", file=sys.stderr)
    raise SystemExit(1)


def check_inputs() -> None:
    package = ROOT / "data" / bundle_policy.BUNDLED_PACKAGE / "datapackage.json"
    needed = [
        package,
        ROOT / "resources" / "fonts" / "LICENSE-Inter.txt",
        ROOT / "resources" / "icons" / "briefing-viewer.svg",
        ROOT / "resources" / "themes" / "style.qss",
    ]
    missing = [str(p.relative_to(ROOT)) for p in needed if not p.is_file()]
    if missing:
        fail(f"missing input(s): {', '.join(missing)}")
    if not list((ROOT / "resources" / "fonts").glob("*.otf")):
        fail("no fonts in resources/fonts")
    # the bundled briefing must be valid: the executable opens it on start
    res = subprocess.run(
        [sys.executable, "-m", "briefing_app", "validate", str(package.parent)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if res.returncode != 0:
        fail(f"the bundled briefing is not valid:\n{res.stdout}{res.stderr}")


def run_pyinstaller(clean: bool) -> None:
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    if clean:
        cmd.insert(4, "--clean")
    t0 = time.monotonic()
    res = subprocess.run(cmd, cwd=ROOT)
    if res.returncode != 0:
        fail(f"PyInstaller failed (exit {res.returncode})")
    print(f"PyInstaller took {time.monotonic() - t0:.0f} s")


def bundled_modules(exe: Path, app_dir: Path) -> set[str]:
    """Names of the Python modules the build ships: the .pyc files beside the executable
    (the spec's noarchive=True), or the executable's PYZ archive if it has one."""
    names = set()
    for pyc in app_dir.rglob("*.pyc"):
        parts = list(pyc.relative_to(app_dir).with_suffix("").parts)
        if parts and parts[0] == "_internal":
            parts = parts[1:]
        if parts and parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            names.add(".".join(parts))
    try:
        from PyInstaller.archive.readers import CArchiveReader

        names |= set(CArchiveReader(str(exe)).open_embedded_archive("PYZ.pyz").toc)
    except (ImportError, KeyError, ValueError, OSError):
        pass  # no embedded archive (noarchive=True), or PyInstaller's API moved
    return names


def audit_pyz(exe: Path, app_dir: Path) -> list[str]:
    """Problems with the Python modules the executable ships."""
    names = bundled_modules(exe, app_dir)
    problems = [
        f"module should not be bundled: {n}"
        for n in names
        if not n.startswith("briefing_app") and not bundle_policy.keep_module(n)
    ]
    for module in ("pydoc", "pyqtgraph", "pandas", "numpy", "briefing_app.ui.app"):
        if module not in names:
            problems.append(f"module missing from the executable: {module}")
    return sorted(problems)


def check_version(exe: Path, expected: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env)
    got = res.stdout.strip()
    if res.returncode != 0 or got != f"briefing-app {expected}":
        fail(
            f"{exe.name} --version printed {got!r} (exit {res.returncode}), expected "
            f"'briefing-app {expected}': reinstall the project (pip install -e .) so its "
            f"metadata matches pyproject.toml\n{res.stderr}"
        )
    print(got)


def add_desktop_installer(app_dir: Path) -> None:
    """Ship the desktop-entry installer in the folder, so an unpacked archive can use it."""
    if bundle_policy.platform_key() != "linux":
        return
    for name in ("install_desktop.py", "briefing-viewer.desktop"):
        shutil.copy2(HERE / name, app_dir / name)


def archive(src: Path, out: Path) -> Path:
    """tar.gz (zip on Windows) of *src* with *src*'s name as the top folder."""
    tmp = out.with_name(out.name + ".part")
    if out.suffix == ".zip":
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in sorted(src.rglob("*")):
                zf.write(path, path.relative_to(src.parent).as_posix())
    else:

        def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            return info

        with tarfile.open(tmp, "w:gz", compresslevel=6) as tf:
            tf.add(src, arcname=src.name, filter=normalise)
    os.replace(tmp, out)
    return out


def du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clean", action="store_true", help="discard PyInstaller's cache first")
    p.add_argument("--no-archive", action="store_true", help="build the folder only")
    args = p.parse_args(argv)
    ver, tag = version(), platform_tag()
    app_dir = DIST / APP

    step(f"Briefing Viewer {ver}: checking inputs")
    check_inputs()

    step(f"PyInstaller: {SPEC.relative_to(ROOT)} -> {app_dir.relative_to(ROOT)}/")
    run_pyinstaller(args.clean)
    exe = exe_path(app_dir)
    if not exe.is_file():
        fail(f"no executable at {exe}")

    step("auditing the bundle (bundle_policy)")
    problems = bundle_policy.audit(app_dir) + audit_pyz(exe, app_dir)
    if problems:
        fail("the bundle is not as intended:\n  " + "\n  ".join(problems))
    print("ok: no excluded content, nothing needed missing")

    step("version")
    check_version(exe, ver)
    add_desktop_installer(app_dir)

    step("sizes")
    files = [f for f in app_dir.rglob("*") if f.is_file() and not f.is_symlink()]
    print(f"{app_dir.relative_to(ROOT)}/: {mib(du(app_dir))} in {len(files)} files; largest:")
    for f in sorted(files, key=lambda f: f.stat().st_size, reverse=True)[:8]:
        print(f"  {mib(f.stat().st_size):>10}  {f.relative_to(app_dir)}")
    if not args.no_archive:
        ext = "zip" if sys.platform == "win32" else "tar.gz"
        src = DIST / f"{APP}.app" if sys.platform == "darwin" else app_dir
        out = archive(src, DIST / f"{APP}-{ver}-{tag}.{ext}")
        print(f"{out.relative_to(ROOT)}: {mib(out.stat().st_size)}")
    print(f"\nbuilt {exe.relative_to(ROOT)}; try: {exe.relative_to(ROOT)} --self-test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
