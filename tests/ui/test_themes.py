"""Themes are data: every theme loads, the projector themes reach 7:1, the choice is remembered."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from conftest import MINIMAL, run_python
from PySide6.QtCore import QSettings

from briefing_app.render.themes import (
    DEFAULT_THEME,
    THEME_NAMES,
    Theme,
    ThemeError,
    contrast_ratio,
    load_theme,
    relative_luminance,
)

PROJECTOR_THEMES = ("projector", "projector-dark")
#: (foreground, background) pairs of text as it is drawn
TEXT_PAIRS = [
    ("text", "background"),
    ("muted", "background"),
    ("text", "surface"),
    ("muted", "surface"),
    ("warning_text", "warning_bg"),
    ("ok_text", "ok_bg"),
    ("bad_text", "bad_bg"),
    ("plot_foreground", "plot_background"),
]


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WCAG's example: #767676 on white is just above 4.5:1
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#ffffff", "#767676") == contrast_ratio("#767676", "#ffffff")
    assert relative_luminance("#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("name", THEME_NAMES)
def test_every_theme_loads_with_every_field(name):
    theme = load_theme(name)
    assert isinstance(theme, Theme)
    assert theme.name == name
    for f in fields(Theme):
        assert getattr(theme, f.name) not in (None, ""), f.name
    assert len(theme.series) >= 6
    for colour in (theme.background, theme.text, *theme.series):
        assert colour.startswith("#") and len(colour) == 7
    assert theme.font_small <= theme.font_body < theme.font_takeaway <= theme.font_title


def test_the_default_and_the_required_themes_exist():
    assert DEFAULT_THEME == "screen"
    assert {"screen", "projector", "projector-dark"} <= set(THEME_NAMES)
    assert not load_theme("projector").is_dark
    assert load_theme("projector-dark").is_dark


@pytest.mark.parametrize("bad", ["sepia", "", "Projector", "../screen", "screen.json"])
def test_an_unknown_theme_name_raises_theme_error(bad):
    with pytest.raises(ThemeError) as err:
        load_theme(bad)
    message = str(err.value)
    for name in THEME_NAMES:
        assert name in message  # the error names what can be chosen


@pytest.mark.parametrize("name", PROJECTOR_THEMES)
@pytest.mark.parametrize(("fg", "bg"), TEXT_PAIRS)
def test_projector_text_reaches_7_to_1(name, fg, bg):
    theme = load_theme(name)
    ratio = contrast_ratio(getattr(theme, fg), getattr(theme, bg))
    assert ratio >= 7.0, f"{name}: {fg} on {bg} is {ratio:.2f}:1"


@pytest.mark.parametrize(("fg", "bg"), TEXT_PAIRS)
def test_screen_theme_text_reaches_4_5_to_1(fg, bg):
    theme = load_theme("screen")
    assert contrast_ratio(getattr(theme, fg), getattr(theme, bg)) >= 4.5


@pytest.mark.parametrize("name", PROJECTOR_THEMES)
def test_projector_series_colours_stand_out_from_the_plot_background(name):
    theme = load_theme(name)
    # bars are outlined in the plot foreground; their fills still differ from the background
    for colour in theme.series[:4]:
        assert contrast_ratio(colour, theme.plot_background) >= 2.0, colour
    assert contrast_ratio(theme.highlight, theme.plot_background) >= 3.0


def test_projector_type_and_pens_are_larger_than_the_screen_theme():
    screen, projector = load_theme("screen"), load_theme("projector")
    for f in ("font_body", "font_small", "font_title", "font_takeaway", "font_axis", "pen_width"):
        assert getattr(projector, f) > getattr(screen, f), f


def test_scaled_scales_type_and_pens_but_not_colours():
    theme = load_theme("projector")
    big = theme.scaled(2.0)
    assert big.font_body == theme.font_body * 2
    assert big.font_title == theme.font_title * 2
    assert big.pen_width == theme.pen_width * 2
    assert big.bar_outline == theme.bar_outline * 2
    assert (big.text, big.background, big.series) == (theme.text, theme.background, theme.series)
    assert theme.scaled(1.0) == theme


def test_the_theme_chosen_in_the_view_menu_is_remembered(qtbot):
    from briefing_app.model.loader import load_package
    from briefing_app.ui.document import BriefingDocument, remembered_theme
    from briefing_app.ui.main_window import MainWindow

    assert remembered_theme().name == DEFAULT_THEME
    doc = BriefingDocument(load_package(MINIMAL).briefing, load_theme("screen"))
    w = MainWindow(doc)
    qtbot.addWidget(w)
    actions = {a.data(): a for a in w.theme_group.actions()}
    assert set(actions) == set(THEME_NAMES)
    assert actions["screen"].isChecked()
    actions["projector-dark"].trigger()
    assert doc.theme.name == "projector-dark"
    assert actions["projector-dark"].isChecked()
    assert remembered_theme().name == "projector-dark"
    # a new window, as on the next start, opens with it
    doc2 = BriefingDocument(load_package(MINIMAL).briefing, remembered_theme())
    w2 = MainWindow(doc2)
    qtbot.addWidget(w2)
    checked = [a.data() for a in w2.theme_group.actions() if a.isChecked()]
    assert checked == ["projector-dark"]


def test_a_remembered_name_that_is_no_longer_a_theme_falls_back_to_the_default():
    from briefing_app.ui.document import remembered_theme, settings

    settings().setValue("theme", "sepia")
    assert remembered_theme().name == DEFAULT_THEME


def test_theme_option_is_remembered(tmp_path):
    """``briefing-app --theme projector`` chooses the theme and remembers it, as the menu does."""
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    r = run_python(
        "-m", "briefing_app", str(MINIMAL), "--theme", "projector", "--benchmark-startup", env=env
    )
    assert r.returncode == 0, r.stderr
    ini = list((tmp_path / "xdg").rglob("*.ini"))
    assert ini, "no settings file written"
    text = "\n".join(p.read_text(encoding="utf-8") for p in ini)
    assert "theme=projector" in text
