"""``briefing-app export``: exit codes, refusing to overwrite, unwritable targets, no leftovers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

import pytest
from conftest import MINIMAL, ROOT, derive_package, export, leftovers
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage

from briefing_app.export.png import image_is_blank
from briefing_app.model.loader import load_package


def test_pdf_written_then_refused_then_forced(tmp_path):
    out = tmp_path / "handout.pdf"
    r = export("pdf", str(out), "--package", str(MINIMAL))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(out)
    assert out.read_bytes().startswith(b"%PDF")
    first = out.read_bytes()

    r = export("pdf", str(out), "--package", str(MINIMAL))
    assert r.returncode == 1
    assert "already exists" in r.stderr and "--force" in r.stderr
    assert "Traceback" not in r.stderr
    assert out.read_bytes() == first

    r = export("pdf", str(out), "--package", str(MINIMAL), "--force", "--notes")
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() != first
    assert leftovers(tmp_path) == []


def test_unwritable_target_exits_1_with_a_clear_message(tmp_path):
    a_file = tmp_path / "plain-file"
    a_file.write_text("not a folder")
    for target in (a_file / "out.pdf", tmp_path / "missing" / "out.pdf"):
        r = export("pdf", str(target), "--package", str(MINIMAL))
        assert r.returncode == 1
        assert "cannot write" in r.stderr
        assert "Traceback" not in r.stderr
    r = export("csv", str(a_file / "out.zip"), "--package", str(MINIMAL))
    assert r.returncode == 1 and "cannot write" in r.stderr
    r = export("svg", str(a_file / "sub"), "--package", str(MINIMAL))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert leftovers(tmp_path) == []


def _file_formats() -> list[str]:
    from briefing_app.export.formats import FORMATS

    return [f.name for f in FORMATS if f.out == "file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
@pytest.mark.parametrize("fmt", _file_formats())
def test_read_only_folder_exits_1_and_leaves_nothing(tmp_path, fmt):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        r = export(fmt, str(locked / f"out.{fmt}"), "--package", str(MINIMAL))
        assert r.returncode == 1
        assert "cannot write" in r.stderr or "permission" in r.stderr.lower()
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_invalid_package_exits_1(tmp_path):
    bad = derive_package(tmp_path / "bad", {"sources.csv": None})
    out = tmp_path / "out.pdf"
    r = export("pdf", str(out), "--package", str(bad))
    assert r.returncode == 1
    assert "not a valid briefing package" in r.stderr
    assert not out.exists()


def test_unknown_theme_exits_1_and_bad_size_too(tmp_path):
    r = export("pdf", str(tmp_path / "x.pdf"), "--package", str(MINIMAL), "--theme", "neon")
    assert r.returncode == 1 and "unknown theme" in r.stderr
    r = export("svg", str(tmp_path / "s"), "--package", str(MINIMAL), "--size", "big")
    assert r.returncode == 1 and "WIDTHxHEIGHT" in r.stderr


def test_svg_and_chart_pngs_one_per_chart(tmp_path):
    from briefing_app.export.csv_export import charts_with_tabs

    b = load_package(MINIMAL).briefing
    charts = charts_with_tabs(b)  # the plan's: the timeline tab's chart of events too
    assert len(charts) == 2
    r = export("svg", str(tmp_path / "svg"), "--package", str(MINIMAL))
    assert r.returncode == 0, r.stderr
    svgs = sorted((tmp_path / "svg").glob("*.svg"))
    assert [p.name for p in svgs] == sorted(f"{t.id}-{c.id}.svg" for t, c in charts)
    assert all(p.read_text(encoding="utf-8").lstrip().startswith("<?xml") for p in svgs)

    r = export(
        "png", str(tmp_path / "png"), "--charts", "--size", "640x360", "--package", str(MINIMAL)
    )
    assert r.returncode == 0, r.stderr
    pngs = sorted((tmp_path / "png").glob("*.png"))
    assert [p.name for p in pngs] == sorted(f"{t.id}-{c.id}.png" for t, c in charts)
    for p in pngs:
        image = QImage(str(p))
        assert (image.width(), image.height()) == (640, 360)
        assert not image_is_blank(image)

    # again: refused, nothing touched
    before = {p: p.stat().st_mtime_ns for p in pngs}
    r = export("png", str(tmp_path / "png"), "--charts", "--package", str(MINIMAL))
    assert r.returncode == 1 and "already exists" in r.stderr
    assert {p: p.stat().st_mtime_ns for p in pngs} == before
    assert leftovers(tmp_path) == []


def test_csv_zip(tmp_path):
    out = tmp_path / "data.zip"
    r = export("csv", str(out), "--package", str(MINIMAL))
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(out) as zf:
        assert "README.txt" in zf.namelist()
    r = export("csv", str(out), "--package", str(MINIMAL))
    assert r.returncode == 1 and "already exists" in r.stderr


def test_help_documents_the_outputs_of_every_registered_format():
    from briefing_app.export.formats import FORMATS

    r = subprocess.run(
        [sys.executable, "-m", "briefing_app", "export", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert r.returncode == 0
    for text in ("png OUTDIR --charts", "svg OUTDIR", "pdf OUT.pdf", "csv OUT.zip", "--force"):
        assert text in r.stdout
    names = [f.name for f in FORMATS]
    assert "{" + ",".join(names) + "}" in r.stdout
    assert {"png", "svg", "pdf", "csv", "md"} <= set(names)
    listed = r.stdout[r.stdout.index("outputs:") :]
    for f in FORMATS:
        assert re.search(rf"^    {f.name} +{re.escape(f.help)}$", r.stdout, re.M), f.name
        for usage, what in f.outputs:
            first = re.escape(what.split("\n")[0])
            assert re.search(rf"^  {re.escape(usage)} +{first}$", listed, re.M), usage
    assert "the tab as a page" in r.stdout and "at least H" in r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "briefing_app", "export", "png", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert "A tab image is WIDTH wide and as tall as the tab (at least HEIGHT)" in " ".join(
        r.stdout.split()
    )
    r = subprocess.run(
        [sys.executable, "-m", "briefing_app", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert "briefing-app export {" + ",".join(names) + "}" in r.stdout


def test_every_registered_format_has_a_sub_command_and_a_function():
    from briefing_app.cli.main import _export_parser
    from briefing_app.export.formats import FORMATS

    parser = _export_parser()
    for f in FORMATS:
        args = parser.parse_args([f.name, "OUT"])
        assert args.format == f.name and args.out == "OUT"
        common = {"package": None, "theme": "screen", "lang": None}
        assert vars(args) == vars(f.arguments("OUT")) | common
        for opt in f.options:
            flag = [opt.flag] if opt.default is None else [opt.flag, opt.default]
            assert getattr(parser.parse_args([f.name, "OUT", *flag]), opt.dest) is not False
        assert callable(f.performer())
        assert f.out in ("file", "folder") and (f.out == "folder") == (not f.file_name)
    with pytest.raises(SystemExit):
        parser.parse_args(["png", "OUT", "--charts", "--slides"])  # one or the other


# -- tab PNGs: a page per tab, drawn from the plan -------------------------------------------


def test_tab_pngs_are_pages_of_the_width_and_as_tall_as_each_tab(qapp, tmp_path):
    from briefing_app.render.tab_image import render_tab_pages
    from briefing_app.render.themes import load_theme

    out = tmp_path / "png"
    r = export("png", str(out), "--package", str(MINIMAL), "--size", "1024x768")
    assert r.returncode == 0, r.stderr
    files = sorted(out.glob("*.png"))
    assert [f.name for f in files] == ["01-losses.png", "02-timeline.png", "03-sources.png"]
    images = [QImage(str(f)) for f in files]
    assert [i.width() for i in images] == [1024] * 3
    assert images[0].height() > 1100  # the losses tab: more than a screen, not cut off
    assert min(i.height() for i in images) == 768  # the short ones: the least height
    # what the command wrote is the tab's page as the render layer draws it
    rendered = render_tab_pages(load_package(MINIMAL).briefing, load_theme("screen"), 1024, 768)
    for (_, image), written in zip(rendered, images, strict=True):
        assert written == image.convertToFormat(written.format())
    assert leftovers(tmp_path) == []


def test_tab_pngs_too_large_are_refused_and_nothing_is_written(tmp_path):
    from briefing_app.render import tab_image

    # the limit is Qt's own reading limit: at 8192 wide the bundled casualties tab is over
    assert tab_image.MAX_PIXELS == 256 * 1024 * 1024 // 4
    out = tmp_path / "png"
    r = export("png", str(out), "--size", "8192x1080")
    assert r.returncode == 1
    assert "megapixels: export it at most" in r.stderr and "Traceback" not in r.stderr
    assert list(out.iterdir()) == []


# -- tab PNGs: compressed on a worker thread, written all or nothing ------------------------


def _tab_images(qapp) -> list[QImage]:
    from briefing_app.render.tab_image import render_tab_pages
    from briefing_app.render.themes import load_theme

    theme = load_theme("screen")
    b = load_package(MINIMAL).briefing
    return [image for _, image in render_tab_pages(b, theme, 640, 400)]


def test_tab_pngs_saved_on_the_worker_thread_have_the_rendered_pixels(qapp, tmp_path, monkeypatch):
    import threading

    from briefing_app.export import png

    threads = []

    def save(image, path):
        threads.append(threading.current_thread())
        return png.QImage.save(image, str(path), "PNG", png.PNG_QUALITY)

    monkeypatch.setattr(png, "save_png", save)
    images = _tab_images(qapp)
    targets = [tmp_path / f"{k}.png" for k in range(len(images))]
    assert png.write_pngs(zip(images, targets, strict=True)) == targets
    assert len(threads) == len(images) and threading.main_thread() not in threads
    plain = tmp_path / "plain" / "x.png"
    plain.parent.mkdir()
    for image, target in zip(images, targets, strict=True):
        assert image.save(str(plain), "PNG")  # zlib's default level, on this thread
        written, reference = QImage(str(target)), QImage(str(plain))
        assert not written.isNull() and written.size() == image.size()
        assert written == reference  # the same pixels (the bytes differ: faster level)
    assert leftovers(tmp_path) == []


def _as_on_screen(b, theme, index: int, width: int, height: int) -> tuple[QImage, QRect]:
    """Tab *index* in a window shown as a user sees it, painted until two paints agree;
    and where its view sits in the window."""
    from PySide6.QtWidgets import QApplication

    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow

    window = MainWindow(BriefingDocument(b, theme), prebuild=False)
    window.resize(width, height)
    window.show()
    window.tabs.setCurrentIndex(index)
    view = window.tab_view(index)
    shots: list[QImage] = []
    while len(shots) < 2 or shots[-1] != shots[-2]:
        assert len(shots) < 8, "the window never stopped changing"
        QApplication.processEvents()
        shots.append(window.grab().toImage())
    rect = QRect(view.mapTo(window, QPoint(0, 0)), view.size())
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    return shots[-1], rect


# -- the self-test's offscreen window (ui.tab_images): the window, not the export --------


@pytest.mark.parametrize(
    ("theme_name", "size"), [("screen", (1280, 800)), ("projector", (1024, 768))]
)
def test_the_self_test_renders_each_tab_as_the_window_shows_it(qapp, theme_name, size):
    # the self-test paints only the charts before capturing (see settle_charts); every
    # pixel of a tab must still be what a window on a screen, painted over and over, shows
    from conftest import FULL

    from briefing_app.render.themes import load_theme
    from briefing_app.ui.style import apply_theme
    from briefing_app.ui.tab_images import render_tabs

    b = load_package(FULL).briefing
    theme = load_theme(theme_name)
    apply_theme(qapp, theme)
    offscreen = [image for _, image in render_tabs(b, theme, *size)]
    assert len(offscreen) == len(b.tabs) and any(t.charts for t in b.tabs)
    for i, tab in enumerate(b.tabs):
        shown, rect = _as_on_screen(b, theme, i, *size)
        assert offscreen[i].size() == shown.size()
        assert offscreen[i].copy(rect) == shown.copy(rect), f"tab {tab.id} differs"


def test_settling_paints_a_tab_s_charts_until_their_layout_stops_moving(qapp):
    from conftest import FULL
    from PySide6.QtWidgets import QGraphicsView

    from briefing_app.render.themes import load_theme
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme
    from briefing_app.ui.tab_images import settle_charts

    b = load_package(FULL).briefing
    theme = load_theme("screen")
    apply_theme(qapp, theme)
    window = MainWindow(BriefingDocument(b, theme), prebuild=False)
    window.resize(1280, 800)
    window.show()
    try:
        for i, tab in enumerate(b.tabs):
            window.tabs.setCurrentIndex(i)
            view = window.tab_view(i)
            if view.findChildren(QGraphicsView):  # charts, or the timeline's plot
                assert settle_charts(view) >= 1
                assert settle_charts(view) == 1, f"{tab.id}: still moving after settling"
            else:
                assert settle_charts(view) == 0
    finally:
        window.close()
        window.deleteLater()


def test_a_failed_save_writes_no_image_and_keeps_the_old_ones(qapp, tmp_path, monkeypatch):
    from briefing_app.export import png
    from briefing_app.export.atomic import ExportError

    real = png.save_png
    monkeypatch.setattr(
        png,
        "save_png",
        lambda image, path: not path.name.startswith(".1.png.") and real(image, path),
    )
    images = _tab_images(qapp)
    targets = [tmp_path / f"{k}.png" for k in range(len(images))]
    targets[0].write_bytes(b"old")
    with pytest.raises(ExportError, match=re.escape(f"cannot write {targets[1]}")):
        png.write_pngs(zip(images, targets, strict=True), force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.png"]
    assert targets[0].read_bytes() == b"old"

    def failing_renderer():  # the renderer fails after two images were handed over
        yield from zip(images[:2], [tmp_path / "a.png", tmp_path / "b.png"], strict=True)
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError, match="render failed"):
        png.write_pngs(failing_renderer(), force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.png"]


def test_rendering_waits_when_the_writer_falls_behind(tmp_path, monkeypatch):
    import time

    from briefing_app.export import png

    saved = []

    def slow_save(image, path):
        time.sleep(0.03)
        path.write_bytes(b"png")
        saved.append(path)

    monkeypatch.setattr(png, "_save_checked", slow_save)
    pending = []

    def images():
        for k in range(8):
            pending.append(k - len(saved))  # handed over, not yet written
            yield QImage(8, 8, QImage.Format.Format_RGB32), tmp_path / f"{k}.png"

    written = png.write_pngs(images())
    assert len(written) == 8 and all(p.read_bytes() == b"png" for p in written)
    assert max(pending) <= png.MAX_PENDING  # images in memory stay bounded
    assert leftovers(tmp_path) == []


def test_png_export_failing_part_way_writes_nothing_and_exits_1(tmp_path):
    out = tmp_path / "png"
    (out / "02-timeline.png").mkdir(parents=True)  # a folder where the second image goes
    r = export("png", str(out), "--force", "--package", str(MINIMAL), "--size", "640x400")
    assert r.returncode == 1
    assert "02-timeline.png" in r.stderr and "Traceback" not in r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["02-timeline.png"]  # 01- not written


def test_an_export_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    import gc

    from briefing_app.cli.main import main

    out = tmp_path / "data.zip"
    was_enabled = gc.isenabled()  # off when the test session's app collects (conftest)
    try:
        gc.enable()
        assert main(["export", "csv", str(out), "--package", str(MINIMAL)]) == 0
        assert gc.isenabled()
        assert main(["export", "csv", str(out), "--package", str(MINIMAL)]) == 1  # exists
        assert gc.isenabled()
        gc.disable()
        assert main(["export", "csv", str(out), "--force", "--package", str(MINIMAL)]) == 0
        assert not gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()


def test_tab_files_are_named_by_title_or_by_id_when_the_title_is_not_in_latin_letters():
    from briefing_app.export.png import tab_file_stem
    from briefing_app.model.types import Tab

    assert tab_file_stem(Tab("air", "Air strikes", "topic")) == "air-strikes"
    assert tab_file_stem(Tab("losses", "Потери", "topic")) == "losses"
    assert tab_file_stem(Tab("y2024", "Итоги 2024", "topic")) == "y2024"
