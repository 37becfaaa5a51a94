"""No export writes inside the package being exported, ``--force`` or not (#21 item 8):
not into its folder (links resolved), not over its zip; the package is left as it was."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL, load_briefing

from briefing_app.cli.main import main
from briefing_app.export import formats
from briefing_app.export.atomic import ExportError

FILE_FORMATS = [f for f in formats.FORMATS if f.out == "file"]
FOLDER_FORMATS = [f for f in formats.FORMATS if f.out == "folder"]


def _snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under *root* (or the file *root*) with its content's hash."""
    paths = [root] if root.is_file() else sorted(root.rglob("*"))
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir" for p in paths
    }


@pytest.fixture
def package(tmp_path) -> Path:
    import shutil

    return Path(shutil.copytree(MINIMAL, tmp_path / "pkg"))


def _refused(capsys, argv: list[str]) -> str:
    assert main(["export", *argv]) == 1
    err = capsys.readouterr().err
    assert "inside the package" in err or "the package being exported" in err, err
    assert "Traceback" not in err
    return err


def _file_targets(package: Path, fmt: formats.Format, outside: Path) -> list[Path]:
    """Outputs that land in the package: its descriptor, a data file, a new file in it or
    in a sub-folder, a path through `..` that comes back in, and a link from outside."""
    link = outside / f"link-{fmt.name}"
    link.symlink_to(package, target_is_directory=True)
    return [
        package / "datapackage.json",
        package / "sources.csv",
        package / f"new{fmt.suffix}",
        package / "sub" / ".." / f"back{fmt.suffix}",
        link / f"via-link{fmt.suffix}",
    ]


@pytest.mark.parametrize("fmt", FILE_FORMATS, ids=lambda f: f.name)
def test_no_file_export_writes_into_the_package_folder(capsys, tmp_path, package, fmt):
    outside = tmp_path / "outside"
    outside.mkdir()
    before = _snapshot(package)
    for target in _file_targets(package, fmt, outside):
        for given in (package, package / "datapackage.json"):
            err = _refused(capsys, [fmt.name, str(target), "--package", str(given), "--force"])
            assert str(target) in err
    assert _snapshot(package) == before
    # beside the package is fine
    assert (
        main(["export", fmt.name, str(tmp_path / f"ok{fmt.suffix}"), "--package", str(package)])
        == 0
    )


@pytest.mark.parametrize("fmt", FOLDER_FORMATS, ids=lambda f: f.name)
def test_no_folder_export_writes_into_the_package_folder(capsys, tmp_path, package, fmt):
    link = tmp_path / "link"
    link.symlink_to(package, target_is_directory=True)
    before = _snapshot(package)
    for target in (package, package / "images", link, link / "images"):
        _refused(capsys, [fmt.name, str(target), "--package", str(package), "--force"])
    assert _snapshot(package) == before
    assert not (package / "images").exists()  # the folder was not even made


def test_no_export_writes_over_the_zip_it_exports(capsys, tmp_path):
    archive = tmp_path / "briefing.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in MINIMAL.iterdir():
            zf.write(f, f.name)
    link = tmp_path / "alias.zip"
    link.symlink_to(archive)
    before = _snapshot(archive)
    for fmt in FILE_FORMATS:
        for target in (archive, link):
            _refused(capsys, [fmt.name, str(target), "--package", str(archive), "--force"])
    assert _snapshot(archive) == before
    # beside the zip is fine: a zip is one file, its folder is not the package
    out = tmp_path / "data.zip"
    assert main(["export", "csv", str(out), "--package", str(archive)]) == 0


def test_a_folder_that_contains_the_package_may_be_written_into(capsys, tmp_path, package):
    """The decision for folder outputs: only a folder inside the package is refused; a
    folder around it gets the export's own files, and nothing in the package changes."""
    before = _snapshot(package)
    assert main(["export", "svg", str(tmp_path), "--package", str(package), "--force"]) == 0
    written = capsys.readouterr().out.split()
    assert written and all(Path(p).parent == tmp_path for p in written)
    assert _snapshot(package) == before


def test_the_window_s_exports_refuse_too(qapp, tmp_path, package):
    """The formats' functions (the window runs them) and the writers the window calls
    directly check the briefing's own location, whatever the caller checked."""
    from briefing_app.export.pdf import write_pdf
    from briefing_app.export.png import tab_targets, write_tab_pngs
    from briefing_app.render.themes import load_theme

    b = load_briefing(package)
    theme = load_theme("screen")
    before = _snapshot(package)
    for fmt in formats.FORMATS:
        out = package / (f"x{fmt.suffix}" if fmt.out == "file" else "images")
        with pytest.raises(ExportError, match="inside the package"):
            fmt.performer()(fmt.arguments(out, force=True), b, theme)
    with pytest.raises(ExportError, match="inside the package"):
        write_pdf(b, theme, package / ".handout.pdf.part")
    with pytest.raises(ExportError, match="inside the package"):
        write_tab_pngs(b, theme, tab_targets(b, package), 640, 400, force=True)
    assert _snapshot(package) == before
    assert sorted(os.listdir(package)) == sorted(os.listdir(MINIMAL))
