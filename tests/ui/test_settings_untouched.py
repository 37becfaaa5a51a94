"""The self-test, the exports and the start-up benchmark never write the user's settings
(the window's size and place, the last tab, the theme, the language, the recent
packages), whatever ``--lang`` they are given."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_python

#: what a user's last session left (QSettings' INI file on Linux)
REMEMBERED = (
    "[General]\n"
    "geometry=@ByteArray(\\x1\\xd9\\xd0\\xcb\\0\\x3\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\x2\\xcf"
    "\\0\\0\\x1\\xdf\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\x2\\xcf\\0\\0\\x1\\xdf\\0\\0\\0\\0\\0\\0"
    "\\0\\0\\a\\x80\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\x2\\xcf\\0\\0\\x1\\xdf)\n"
    "last_tab=territory\n"
    "recent=/somewhere/else\n"
    "theme=projector\n"
)


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    files = (p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in files}


@pytest.fixture
def user(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A config folder holding the settings of an earlier session, and the environment
    that makes the app use it."""
    config = tmp_path / "config"
    ini = config / "BriefingViewer" / "briefing-viewer.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text(REMEMBERED, encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(config), "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    return config, env


@pytest.mark.parametrize(
    "argv",
    [
        ["--self-test"],
        ["--self-test", "--lang", "uk"],
        ["--benchmark-startup"],
        ["--benchmark-startup", "--lang", "uk"],
        ["export", "pdf", "{out}/handout-uk.pdf", "--lang", "uk"],
        ["export", "pdf", "{out}/handout.pdf"],
        ["export", "png", "{out}/tabs"],
        ["export", "png", "--charts", "{out}/charts"],
        ["export", "png", "--slides", "{out}/slides"],
        ["export", "svg", "{out}/svg"],
        ["export", "csv", "{out}/data.zip"],
        ["export", "md", "{out}/briefing.md"],
    ],
    ids=lambda argv: " ".join(a for a in argv if "{" not in a),
)
def test_the_users_settings_are_left_as_they_were(user, tmp_path, argv):
    config, env = user
    before = _snapshot(config)
    out = tmp_path / "out"
    out.mkdir()
    r = run_python("-m", "briefing_app", *(a.format(out=out) for a in argv), env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert _snapshot(config) == before, "the settings folder changed"
