"""Every text the interface shows goes through the translations: a scan of the code for
English written straight into a label, a button, a menu, a status bar, a card's line or a
page's heading without `tr` (`model.i18n`).  The pseudo-translation tests
(tests/ui/test_pseudo_translation.py) then look at what the window, the slides and the
handout show."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

#: calls whose first argument is text shown to the user
SINKS = {
    # Qt widgets and actions
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setAccessibleName",
    "setAccessibleDescription",
    "setLabelText",
    "setPlaceholderText",
    "showMessage",
    "addAction",
    "addMenu",
    "addTab",
    "setTabText",
    "setInformativeText",
    "setDetailedText",
    "setLabel",
    "QAction",
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QDockWidget",
    "QProgressDialog",
    "addButton",
    "plain_label",
    # the plan's text and the pages' furniture
    "Line",
    "Legend",
    "Figures",
    "DetailPart",
    "MainPick",
    "heading",
    "Para",
    "Bookmark",
    "hover_text",
    "text_item",
    "text",
    "paragraph",
    "list_item",
    "say",
    "print",
}
#: English words: three letters or more
WORD = re.compile(r"[A-Za-z]{3,}")
#: the files of the layers that show text (the model's validation messages are another
#: part of the work; see docs/architecture.md)
LAYERS = ("content", "render", "export", "ui", "cli")
#: the program's name and options, and self-test's verdict that scripts read
PROGRAM = re.compile(
    r"briefing-app(?: (?:validate|export|new|import|diff))?:?"
    r"|--[a-z-]+|self-test (?:passed|FAILED):"
)
#: text that is not in any language: markup, style, formats
NOT_WORDS = re.compile(r"^(<[^>]*>|&nbsp;|[\s·•—–:;,.()\[\]{}%#*|/\-+×]|px|pt)*$")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _english(node: ast.expr) -> str | None:
    """The English of a literal or an f-string's literal parts, if any."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _english(node.left) or _english(node.right)
    else:
        return None
    text = PROGRAM.sub("", text)  # "briefing-app export: " names the program
    return text if WORD.search(text) and not NOT_WORDS.match(text) else None


def marked_constants() -> set[str]:
    """The names given text marked for later (``NAME = N_("...")``) anywhere in the app:
    shown, each goes through tr()."""
    names = set()
    for path in (ROOT / "briefing_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and _name(node.value.func) == "N_"
            ):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def unmarked(path: Path, constants: frozenset[str] = frozenset()) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in SINKS and node.args:
            text = _english(node.args[0])
            first = node.args[0]
            if isinstance(first, ast.Name | ast.Attribute) and _name(first) in constants:
                text = _name(first)  # text marked for later, shown without tr()
            if text is not None:
                rel = path.relative_to(ROOT)
                out.append(f"{rel}:{node.lineno}: {_name(node.func)}({text!r})")
    return out


def test_no_english_is_written_straight_into_the_interface():
    found = []
    constants = frozenset(marked_constants())
    assert {"CONTINUES", "CONTINUED", "NO_SOURCE", "LATER"} <= constants
    for layer in LAYERS:
        for path in sorted((ROOT / "briefing_app" / layer).rglob("*.py")):
            found += unmarked(path, constants)
    assert not found, "text shown without tr():\n" + "\n".join(found)


def test_the_scan_finds_unmarked_text(tmp_path):
    """Not vacuous: a label, a menu item and an f-string line in English are found; the
    same through tr() are not."""
    src = tmp_path / "view.py"
    src.write_text(
        "label.setText('Speaker notes')\n"
        "menu.addAction('&Quit', quit)\n"
        "Line(f'Source: {name}', 'source')\n"
        "label.setText(tr('Speaker notes'))\n"
        "Line(tr('Source: {name}').format(name=name), 'source')\n"
        "label.setStyleSheet('color: red')\n"
        "Line(f'{a} · {b}')\n"
        "note = label(CONTINUES, 'note')\n"
        "plain_label(CONTINUES, 'note')\n"
        "plain_label(tr(CONTINUES), 'note')\n",
        encoding="utf-8",
    )
    src = src.rename(ROOT / "tests" / "content" / "_scan_probe.py")
    try:
        found = unmarked(src, frozenset({"CONTINUES"}))
    finally:
        src.unlink()
    assert [f.split(": ", 1)[1] for f in found] == [
        "setText('Speaker notes')",
        "addAction('&Quit')",
        "Line('Source: ')",
        "plain_label('CONTINUES')",
    ]
