"""Preview one tab view on the bundled briefing: ``python -m briefing_app.ui.tabs.topic_tab``."""

from __future__ import annotations

import sys


def preview_tab(kind: str) -> None:
    from PySide6.QtWidgets import QApplication

    from briefing_app.content.plan import plan_of
    from briefing_app.model.i18n import tr
    from briefing_app.model.loader import load_package
    from briefing_app.model.safetext import safe_text
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.style import apply_theme
    from briefing_app.ui.tabs import build_tab

    app = QApplication.instance() or QApplication(sys.argv)
    theme = load_theme("screen")
    apply_theme(app, theme)
    result = load_package(sys.argv[1] if len(sys.argv) > 1 else None)
    if result.briefing is None:
        print("\n".join(str(p) for p in result.errors))
        raise SystemExit(1)
    b = result.briefing
    index = next(i for i, t in enumerate(b.tabs) if t.kind == kind)
    tab = b.tabs[index]
    w = build_tab(plan_of(b).tab(index), b, theme)
    w.resize(1280, 800)
    w.setWindowTitle(tr("Preview: {title}").format(title=safe_text(tab.title)))
    w.show()
    raise SystemExit(app.exec())
