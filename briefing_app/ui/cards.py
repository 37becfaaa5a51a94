"""Cards for quotes, checks, claims (attribution notes) and positions. All text is plain."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from briefing_app.model.types import Briefing, CheckResult, Claim, Position, Quote, fmt_date
from briefing_app.render.labels import plain_label

LATER = "Later than the as-of date"


def _frame(name: str) -> tuple[QFrame, QVBoxLayout]:
    f = QFrame()
    f.setObjectName(name)
    lay = QVBoxLayout(f)
    lay.setContentsMargins(10, 8, 10, 8)
    lay.setSpacing(3)
    return f, lay


def _badge(text: str, kind: str) -> QWidget:
    return plain_label(text, f"badge_{kind}", wrap=False)


def _badge_row(*badges: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    for b in badges:
        row.addWidget(b)
    row.addStretch(1)
    return row


def quote_card(q: Quote, b: Briefing) -> QFrame:
    f, lay = _frame("card")
    kind = {"verified": "ok", "as-quoted": "warn", "not-found": "bad"}.get(q.status, "warn")
    badges = [_badge(q.status_label, kind)]
    if b.is_later(q.date):
        badges.append(_badge(LATER, "warn"))
    lay.addLayout(_badge_row(*badges))
    lay.addWidget(plain_label(f"“{q.text}”", "quote"))
    who = q.speaker + (f", {q.role}" if q.role else "")
    lay.addWidget(plain_label(f"— {who}" + (f", {fmt_date(q.date)}" if q.date else ""), "muted"))
    src = b.attribution(q.source, q.via)
    if src:
        lay.addWidget(plain_label(f"Source: {src}", "source"))
    if q.note:
        lay.addWidget(plain_label(q.note, "muted"))
    f.setAccessibleName(f"Quote by {q.speaker}: {q.status_label}")
    return f


def check_card(c: CheckResult, b: Briefing) -> QFrame:
    f, lay = _frame("check")
    if c.holds is None:
        badge = _badge("Derived", "warn")
    elif c.holds:
        badge = _badge("Check holds", "ok")
    else:
        badge = _badge("Check does not hold", "bad")
    lay.addLayout(_badge_row(badge))
    lay.addWidget(plain_label(c.title, "chart_title"))
    lay.addWidget(plain_label(c.verdict(), ""))
    if c.reported_id:
        rep = b.observation_rows([c.reported_id])
        if not rep.empty:
            r = rep.iloc[0]
            src = b.observation_attribution(r)
            lay.addWidget(plain_label(f"Reported by: {src}", "source"))
    if c.note:
        lay.addWidget(plain_label(c.note, "muted"))
    f.setAccessibleName(f"Check: {c.title}")
    return f


def claim_card(c: Claim, b: Briefing) -> QFrame:
    f, lay = _frame("claim")
    if b.is_later(c.date):
        lay.addLayout(_badge_row(_badge(f"{LATER} ({fmt_date(c.date)})", "warn")))
    lay.addWidget(plain_label(c.claim, "chart_title"))
    for label, text in (
        ("Source article says", c.article_says),
        ("Who actually said it", c.actually_said),
        ("Cross-check", c.cross_check),
    ):
        if text:
            lay.addWidget(plain_label(f"{label}: {text}", ""))
    if c.sources:
        lay.addWidget(
            plain_label("Sources: " + "; ".join(b.source_name(s) for s in c.sources), "source")
        )
    f.setAccessibleName(f"Attribution note: {c.claim[:80]}")
    return f


def position_card(p: Position, b: Briefing) -> QFrame:
    f, lay = _frame("position")
    lay.addWidget(plain_label(p.position, ""))
    if p.article_wording:
        lay.addWidget(plain_label(f"Source article's wording: {p.article_wording}", "muted"))
    bits = [b.attribution(p.source)] if p.source else []
    if p.date:
        bits.append(fmt_date(p.date))
    if bits:
        lay.addWidget(plain_label("Source: " + ", ".join(bits), "source"))
    f.setAccessibleName(f"Position of {p.party} on {p.topic}")
    return f
