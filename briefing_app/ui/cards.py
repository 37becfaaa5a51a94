"""A card for any block of the plan (check, claim, quote, position, poll, event, source):
its badges, then its lines, each as a plain-text label styled by its role."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from briefing_app.content.blocks import Block, Line
from briefing_app.model.i18n import N_, tr
from briefing_app.render.labels import plain_label

#: the label style of each role of a line
ROLE_STYLES = {
    "heading": "chart_title",
    "body": "",
    "quote": "quote",
    "muted": "muted",
    "source": "source",
    "detail": "source",
    "section": "section",
}
#: the frame style of each kind of block (cards of other kinds are "card")
FRAME_STYLES = {"check": "check", "claim": "claim", "position": "position"}
#: what the accessible name of a card says before its title
KIND_NAMES = {
    "check": N_("Check"),
    "claim": N_("Attribution note"),
    "quote": N_("Quote"),
    "position": N_("Position"),
    "poll": N_("Poll"),
    "event": N_("Event"),
    "source": N_("Source"),
}


def _badge_row(badges: tuple[tuple[str, str], ...]) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    for text, tone in badges:
        row.addWidget(plain_label(text, f"badge_{tone}", wrap=False))
    row.addStretch(1)
    return row


def _runs(lines: tuple[Line, ...]) -> list[Line]:
    """Lines with consecutive list items ("• ...") of one role joined: one label for a
    list (a source may back dozens of figures, and a label each costs layout time)."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and ln.text.startswith("• ")
            and prev.role == ln.role
            and prev.text.split("\n")[-1].startswith("• ")
        ):
            out[-1] = Line(f"{prev.text}\n{ln.text}", ln.role)
        else:
            out.append(ln)
    return out


def card(block: Block, *, skip_heading: bool = False) -> QFrame:
    """A card showing *block*; *skip_heading* leaves out its heading line (a position in
    the negotiations grid, whose row and column already say party and topic)."""
    f = QFrame()
    f.setObjectName(FRAME_STYLES.get(block.kind, "card"))
    lay = QVBoxLayout(f)
    lay.setContentsMargins(10, 8, 10, 8)
    lay.setSpacing(3)
    if block.badges:
        lay.addLayout(_badge_row(block.badges))
    lines = block.lines
    if skip_heading:
        lines = tuple(ln for ln in lines if ln.role != "heading")
    for ln in _runs(lines):
        text = ln.text
        lay.addWidget(plain_label(text, ROLE_STYLES.get(ln.role, "")))
    # a card beside a taller chart, or in a grid row with a taller one, keeps its lines
    # together at the top: the room to spare goes below them
    lay.addStretch(1)
    what = tr(KIND_NAMES[block.kind]) if block.kind in KIND_NAMES else block.kind.capitalize()
    # reachable with Tab, its border marked while it has the focus (style.qss); the tab
    # scrolls to it
    f.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    f.setAccessibleName(f"{what}: {block.title[:120]}")
    f.setAccessibleDescription(block.text[:1000])
    f.setProperty("plan_item", f"{block.kind}:{block.id}")
    return f


def note_label(block: Block) -> QWidget:
    """A note about a section (who stated no position on a topic)."""
    lab = plain_label("\n".join(ln.text for ln in block.lines), "muted")
    return lab
