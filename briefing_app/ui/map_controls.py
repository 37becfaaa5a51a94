"""A map's date slider in the window: step through its layers by hand or play them.

The map (`render.charts.map.MapCanvas`) draws the step; this is only the control, under
the map in its chart panel. Still pictures (slides, handout, images) show the compared
pair instead and have no control.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from briefing_app.model.fmt import fmt_date
from briefing_app.model.i18n import tr

if TYPE_CHECKING:  # imported where a map is made: see map_controls
    from briefing_app.render.charts.map import MapCanvas

#: milliseconds each layer is shown while playing
PLAY_STEP_MS = 900


class MapControls(QWidget):
    """Play and a slider over a map's dated layers, and what the step shows."""

    def __init__(self, canvas: MapCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        steps = canvas.geo.steps
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.play = QToolButton()
        self.play.setText(tr("Play"))
        self.play.setCheckable(True)
        self.play.setToolTip(tr("Step through the layers, one date after another"))
        self.play.setAccessibleName(tr("Play the map's dates"))
        self.play.toggled.connect(self._on_play)
        lay.addWidget(self.play)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, len(steps) - 1)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setAccessibleName(tr("Date of the map layer shown"))
        lay.addWidget(self.slider, 1)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # package text is never markup
        self.label.setObjectName("muted")
        lay.addWidget(self.label, 2)
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_STEP_MS)
        self.timer.timeout.connect(self._next)
        canvas.step_changed.connect(self._shown)
        start = canvas.geo.end if canvas.geo.end is not None else len(steps) - 1
        self.slider.setValue(start)
        self.slider.valueChanged.connect(canvas.show_step)
        canvas.show_step(start)  # the window's map: one date, moved and zoomed at will

    def _shown(self, i: int) -> None:
        """The map shows step *i*: the slider and the line follow."""
        text = self.canvas.geo.heading(i)
        self.label.setText(text)
        self.slider.setToolTip(text)
        self.slider.setAccessibleDescription(text)
        if self.slider.value() != i:
            self.slider.setValue(i)

    def _on_play(self, on: bool) -> None:
        self.play.setText(tr("Pause") if on else tr("Play"))
        if on:
            if self.slider.value() == self.slider.maximum():
                self.slider.setValue(0)  # from the first date again
            self.timer.start()
        else:
            self.timer.stop()

    def _next(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.play.setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)

    def step_names(self) -> list[str]:
        """The dates of the steps, in order (for tests and the accessible description)."""
        return [fmt_date(s.date) for s in self.canvas.geo.steps]


def map_controls(plot: QWidget) -> MapControls | None:
    """The date slider of the map drawn in *plot*, or None for other charts and for a map
    of fewer than two dated layers."""
    canvas = getattr(plot, "map_canvas", None)
    if canvas is None:  # not a map: the map's modules stay unimported (issue #22)
        return None
    from briefing_app.render.charts.map import MapCanvas

    if not isinstance(canvas, MapCanvas) or len(canvas.geo.steps) < 2:
        return None
    return MapControls(canvas)
