"""The map: first paint at 1920x1080, pan and zoom, in a child: ``python -m benchmarks.maps``.

Each map chart of the bundled briefing's territory tab is shown as the window shows it
(its chart panel, with its date slider) in a top-level widget of 1920x1080, offscreen.
First paint: from building the panel (the chart's drawing, its furniture, its slider) to
its repaint done (`benchmarks.inproc.time_to_repaint`), the chart data already computed
as the window's prebuilding has it.  Pan: the view moved by 3 % of its width, ten steps
one way and ten back; zoom: the view scaled by 0.8 and 1.25 in turn, as the mouse wheel
does; each to its repaint done, which includes placing the labels and the scale bar again.
Still: the compared pair painted into a 1920x1080 image, as an export does.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import HEIGHT, WIDTH, Stats, hwm_mib
from benchmarks.inproc import LAST_CPU_MS, PaintWatch, finish, time_to_repaint

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: map charts of the bundled briefing
CHARTS = ("territory-map", "front-map")


def bench_maps(builds: int, steps: int) -> dict:
    from PySide6.QtWidgets import QApplication

    from briefing_app.content.blocks import chart_block
    from briefing_app.content.plan import plan_of
    from briefing_app.model.loader import load_package
    from briefing_app.render.chart_image import chart_image
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.app import make_app
    from briefing_app.ui.chart_panel import ChartPanel
    from briefing_app.ui.style import apply_theme

    b = load_package().briefing
    app = make_app()
    theme = load_theme("screen")
    apply_theme(app, theme)
    plan = plan_of(b)
    out: dict = {"size": f"{WIDTH}x{HEIGHT}"}
    for cid in CHARTS:
        chart = next(c for t in b.tabs for c in t.charts if c.id == cid)
        data = plan.chart(chart)
        watch = PaintWatch()
        first, cpu = [], []
        kept = []
        panel = None
        for _ in range(builds):
            if panel is not None:
                panel.hide()
                kept.append(panel)
                QApplication.processEvents()

            def build(data=data, watch=watch) -> None:
                nonlocal panel
                panel = ChartPanel(chart_block(data), b, theme)
                panel.resize(WIDTH, HEIGHT)
                panel.show()
                watch.attach()

            first.append(time_to_repaint(build, watch, timeout=10) or float("nan"))
            cpu.append(LAST_CPU_MS[0])
        for _ in range(5):
            QApplication.processEvents()
        vb = panel.plot.getPlotItem().vb
        pan, zoom, pan_cpu, zoom_cpu = [], [], [], []
        width = vb.viewRect().width()
        for i in range(steps):
            d = 1.0 if (i // 10) % 2 == 0 else -1.0
            ms = time_to_repaint(lambda d=d, vb=vb, w=width: vb.translateBy(x=d * w * 0.03), watch)
            if ms is not None:
                pan.append(ms)
                pan_cpu.append(LAST_CPU_MS[0])
        for i in range(steps):
            s = 0.8 if i % 2 == 0 else 1.25
            ms = time_to_repaint(lambda s=s, vb=vb: vb.scaleBy((s, s)), watch)
            if ms is not None:
                zoom.append(ms)
                zoom_cpu.append(LAST_CPU_MS[0])
        watch.remove()
        still = []
        for _ in range(builds):
            t = time.perf_counter()
            chart_image(data, b, theme, WIDTH, HEIGHT)
            still.append((time.perf_counter() - t) * 1000.0)
        out[cid] = {
            "vertices": sum(len(s.rings.x) for s in data.geo.steps)
            + sum(len(s.rings.x) for s in data.geo.shapes),
            "first_paint_ms": first,
            "first_paint": Stats.of(first).to_dict(),
            "first_paint_cpu": Stats.of(cpu).to_dict(),
            "pan": Stats.of(pan).to_dict(),
            "zoom": Stats.of(zoom).to_dict(),
            # this thread's CPU time over the same spans: what an idle machine would see
            "pan_cpu": Stats.of(pan_cpu).to_dict(),
            "zoom_cpu": Stats.of(zoom_cpu).to_dict(),
            "still_image": Stats.of(still).to_dict(),
        }
    out["hwm_mib"] = hwm_mib()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.maps")
    p.add_argument("--builds", type=int, default=5)
    p.add_argument("--steps", type=int, default=60)
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    finish(bench_maps(a.builds, a.steps), t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
