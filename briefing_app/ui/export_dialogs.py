"""File > Export in the window: handout PDF, Markdown, tab images, chart images, data zip.

The menu is laid out from the registry of export formats (`briefing_app.export.formats`):
an entry per `MenuEntry`, by group. A format written to one file with no question to
ask but the file's name (the data zip, Markdown) needs nothing here: `export_file` runs
it; the others have their dialogs below.

The file dialogs are told not to confirm overwriting (native dialogs differ);
we ask ourselves, the same way everywhere.  Errors are shown as plain text.
"""

from __future__ import annotations

import contextlib
import functools
import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from briefing_app.content.text import slug
from briefing_app.export import formats
from briefing_app.export.atomic import ExportError, atomic_path
from briefing_app.export.formats import Format
from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import N_, ntr, shown, tr
from briefing_app.ui.accessibility import describe_action

TITLE = N_("Export")


# -- shared dialogs ---------------------------------------------------------------


def _settings():
    from briefing_app.ui.document import settings

    return settings()


def last_dir() -> Path:
    try:
        return Path(str(_settings().value("export_dir", str(Path.home()))))
    except Exception:  # settings unavailable: fall back to home
        return Path.home()


def remember_dir(path: Path) -> None:
    with contextlib.suppress(Exception):  # settings unavailable: nothing to remember
        _settings().setValue("export_dir", str(path))


def _rich(text: str) -> str:
    """Text for QMessageBox.question, which guesses the format: escaped rich text is literal."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def confirm_overwrite(parent: QWidget | None, paths: list[Path]) -> bool:
    """Ask before replacing existing files; True when nothing exists or the user agrees."""
    existing = [p for p in paths if p.exists()]
    if not existing:
        return True
    if len(existing) == 1:
        text = tr("“{name}” already exists in {folder}.\nReplace it?").format(
            name=existing[0].name, folder=existing[0].parent
        )
    else:
        names = "\n".join(p.name for p in existing[:8])
        more = ""
        if len(existing) > 8:
            more = "\n" + tr("… and {n} more").format(n=fmt_number(len(existing) - 8))
        text = ntr(
            "{n} file already exists in {folder}:",
            "{n} files already exist in {folder}:",
            len(existing),
        ).format(n=fmt_number(len(existing)), folder=existing[0].parent)
        text += f"\n{names}{more}\n" + tr("Replace them?")
    answer = QMessageBox.question(
        parent,
        tr("Replace existing file?"),
        _rich(text),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, message: str) -> QMessageBox:
    """The failure, in plain text (paths and package text are never markup)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("Export failed"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(message)
    box.setObjectName("export_error")
    box.open()  # window-modal, no nested event loop
    if parent is not None:
        parent._export_error_box = box  # type: ignore[attr-defined]
    return box


def ask_save_path(
    parent: QWidget | None, caption: str, default_name: str, file_filter: str, suffix: str
) -> Path | None:
    """A file to write, with *suffix* added if missing; None when cancelled or declined."""
    start = str(last_dir() / default_name)
    path, _ = QFileDialog.getSaveFileName(
        parent, caption, start, file_filter, "", QFileDialog.Option.DontConfirmOverwrite
    )
    if not path:
        return None
    out = Path(path)
    if out.suffix.lower() != suffix:
        out = out.with_name(out.name + suffix)
    if not confirm_overwrite(parent, [out]):
        return None
    remember_dir(out.parent)
    return out


def ask_folder(parent: QWidget | None, caption: str) -> Path | None:
    path = QFileDialog.getExistingDirectory(parent, caption, str(last_dir()))
    if not path:
        return None
    remember_dir(Path(path))
    return Path(path)


def ask_size(parent: QWidget | None, default: tuple[int, int]) -> tuple[int, int] | None:
    from briefing_app.render.chart_image import SIZES

    sizes = list(dict.fromkeys([*SIZES, default]))
    labels = [f"{w} × {h}" for w, h in sizes]
    current = sizes.index(default)
    label, ok = QInputDialog.getItem(
        parent, tr("Image size"), tr("Size of the image in pixels:"), labels, current, False
    )
    if not ok or label not in labels:
        return None
    return sizes[labels.index(label)]


def ask_notes(parent: QWidget | None, b, what: str) -> bool:
    """Whether to include the speaker notes in *what* (asked only when there are some)."""
    return any(t.notes for t in b.tabs) and (
        QMessageBox.question(
            parent,
            tr("Speaker notes"),
            _rich(tr("Include the speaker notes in {what}?").format(what=what)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        == QMessageBox.StandardButton.Yes
    )


def run(parent: QWidget | None, what: str, job: Callable[[], object]) -> bool:
    """Run an export; show a plain-text error box on failure.  True on success."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        job()
    except ExportError as exc:
        QApplication.restoreOverrideCursor()
        if "cancelled" not in str(exc):
            show_error(
                parent,
                tr("Could not export {what}.").format(what=what) + f"\n\n{shown(str(exc))}",
            )
        return False
    except Exception as exc:  # a bug, but the user must hear of it, not lose the window
        QApplication.restoreOverrideCursor()
        failed = tr("Could not export {what}.").format(what=what)
        show_error(parent, f"{failed}\n\n{type(exc).__name__}: {exc}")
        return False
    QApplication.restoreOverrideCursor()
    return True


def _status(window, text: str) -> None:
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, 8000)


# -- the window's exports --------------------------------------------------------------


def export_pdf(window, path: Path | None = None, *, notes: bool | None = None) -> Path | None:
    """File > Export handout (PDF)…"""
    from briefing_app.export.pdf import write_pdf

    b, theme = window.doc.briefing, window.doc.theme
    if path is None:
        path = ask_save_path(
            window,
            tr("Export handout (PDF)"),
            f"{slug(b.name or b.title)}.pdf",
            tr("PDF (*.pdf)"),
            ".pdf",
        )
        if path is None:
            return None
    if notes is None:
        notes = ask_notes(window, b, tr("the handout"))
    dialog = QProgressDialog(tr("Writing the handout…"), tr("Cancel"), 0, 100, window)
    dialog.setWindowTitle(tr(TITLE))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(True)

    def progress(done: int, total: int, label: str) -> bool:
        dialog.setMaximum(max(1, total))
        dialog.setValue(done)
        dialog.setLabelText(
            tr("Writing the handout… page {number} of {pages}").format(
                number=min(done + 1, total), pages=total
            )
        )
        QCoreApplication.processEvents()
        return not dialog.wasCanceled()

    def job() -> None:
        with atomic_path(path, force=True) as tmp:
            write_pdf(b, theme, tmp, notes=bool(notes), progress=progress)

    try:
        ok = run(window, tr("the handout"), job)
    finally:
        dialog.reset()
        dialog.deleteLater()
    if ok:
        _status(window, tr("Handout written to {path}").format(path=path))
        return path
    return None


def export_file(window, fmt: Format, path: Path | None = None, **options) -> Path | None:
    """File > Export … of a format written to one file (`Format.out` "file"): asks for
    the file (and whether to include speaker notes, for a format with ``--notes``), then
    runs the format's function, as ``briefing-app export`` does."""
    b, theme = window.doc.briefing, window.doc.theme
    if path is None:
        caption = tr(fmt.menu[0].label).replace("&", "").rstrip("…") if fmt.menu else tr(fmt.help)
        name = fmt.default_name(slug(b.name or b.title))
        path = ask_save_path(window, caption, name, tr(fmt.file_filter), fmt.suffix)
        if path is None:
            return None
    if "notes" not in options and any(o.dest == "notes" for o in fmt.options):
        options["notes"] = ask_notes(window, b, tr(fmt.what))
    args = fmt.arguments(path, force=True, **options)
    if run(window, tr(fmt.what), lambda: fmt.performer()(args, b, theme)):
        _status(window, tr("Wrote {what} to {path}").format(what=tr(fmt.what), path=path))
        return path
    return None


def export_data(window, path: Path | None = None) -> Path | None:
    """File > Export data (CSV zip)…"""
    return export_file(window, formats.get("csv"), path)


def export_markdown(window, path: Path | None = None, *, notes: bool | None = None):
    """File > Export briefing as Markdown…"""
    options = {} if notes is None else {"notes": notes}
    return export_file(window, formats.get("md"), path, **options)


def export_tab_images(window, folder: Path | None = None) -> list[Path]:
    """File > Export tab images…: one PNG per tab, the tab as a page (as the handout
    shows it, under the briefing's title, as-of date and caveat), as ``export png``
    writes them at its default size: 1920 pixels wide, as tall as the tab."""
    from briefing_app.export.png import tab_targets, write_tab_pngs
    from briefing_app.render.chart_image import DEFAULT_SIZE

    b, theme = window.doc.briefing, window.doc.theme
    if folder is None:
        folder = ask_folder(window, tr("Export tab images (PNG) into folder"))
        if folder is None:
            return []
    targets = tab_targets(b, folder)
    if not confirm_overwrite(window, targets):
        return []
    w, h = DEFAULT_SIZE
    written: list[Path] = []

    def job() -> None:
        written.extend(write_tab_pngs(b, theme, targets, w, h, force=True))

    if run(window, tr("the tab images"), job):
        n = len(written)
        text = ntr("{n} tab image written to {folder}", "{n} tab images written to {folder}", n)
        _status(window, text.format(n=fmt_number(n), folder=folder))
    return written


def export_chart_images(window, folder: Path | None = None, fmt: str = "png") -> list[Path]:
    """File > Export chart images…: one PNG (or SVG) per chart, ``<tab>-<chart>``."""
    from briefing_app.export.atomic import write_bytes, write_png
    from briefing_app.export.csv_export import chart_file_name, charts_with_tabs
    from briefing_app.export.svg import chart_svg
    from briefing_app.render.chart_image import DEFAULT_SIZE, chart_image, plot_host

    b, theme = window.doc.briefing, window.doc.theme
    charts = charts_with_tabs(b)
    if not charts:
        show_error(window, tr("This briefing has no charts."))
        return []
    if folder is None:
        folder = ask_folder(
            window, tr("Export chart images ({format}) into folder").format(format=fmt.upper())
        )
        if folder is None:
            return []
    targets = [folder / chart_file_name(t, c, fmt) for t, c in charts]
    if not confirm_overwrite(window, targets):
        return []
    w, h = DEFAULT_SIZE
    written: list[Path] = []

    def job() -> None:
        with plot_host() as host:
            for (_, chart), target in zip(charts, targets, strict=True):
                if fmt == "svg":
                    write_bytes(chart_svg(chart, b, theme, w, h, host), target, force=True)
                else:
                    write_png(chart_image(chart, b, theme, w, h, host), target, force=True)
                written.append(target)

    if run(window, tr("the chart images"), job):
        n = len(written)
        text = ntr("{n} chart image written to {folder}", "{n} chart images written to {folder}", n)
        _status(window, text.format(n=fmt_number(n), folder=folder))
    return written


def add_export_actions(window, menu: QMenu) -> list[QAction]:
    """Fill File > Export from the registry of formats: an action per menu entry, a
    separator between groups. Each action's data is its format's name."""
    dialogs: dict[tuple[str, str], Callable[[], object]] = {
        ("pdf", ""): lambda: export_pdf(window),
        ("png", "tabs"): lambda: export_tab_images(window),
        ("png", "charts"): lambda: export_chart_images(window, fmt="png"),
        ("svg", ""): lambda: export_chart_images(window, fmt="svg"),
    }
    actions: list[QAction] = []
    group = None
    for fmt, entry in formats.menu_entries():
        slot = dialogs.get((fmt.name, entry.variant))
        if slot is None and fmt.out == "file":
            slot = functools.partial(export_file, window, fmt)
        if slot is None:
            continue  # a folder format needs its own dialog: not in the menu until it has one
        if group is not None and entry.group != group:
            menu.addSeparator()
        group = entry.group
        act = QAction(tr(entry.label), window)
        act.triggered.connect(lambda _=False, slot=slot: slot())
        if entry.shortcut:
            act.setShortcut(QKeySequence(entry.shortcut))
        describe_action(act, tr(entry.tip))
        act.setData(fmt.name)
        menu.addAction(act)
        actions.append(act)
    window.export_actions = actions
    return actions
